namespace OpenLive.Server.Grains;

/// <inheritdoc cref="IAppDirectoryGrain"/>
internal sealed class AppDirectoryGrain : Grain, IAppDirectoryGrain
{
    private static readonly TimeSpan KeepAlive = TimeSpan.FromDays(365);

    private readonly HashSet<string> _online = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RoomName> _rooms = new(StringComparer.Ordinal);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        DelayDeactivation(KeepAlive);
        return Task.CompletedTask;
    }

    public Task UserOnline(string userId)
    {
        _online.Add(userId);
        return Task.CompletedTask;
    }

    public Task UserOffline(string userId)
    {
        _online.Remove(userId);
        return Task.CompletedTask;
    }

    public Task RoomOpened(string roomKey, RoomName name)
    {
        _rooms[roomKey] = name;
        return Task.CompletedTask;
    }

    public Task RoomEnded(string roomKey)
    {
        _rooms.Remove(roomKey);
        return Task.CompletedTask;
    }

    public Task<string[]> OnlineUsers() => Task.FromResult(_online.Order(StringComparer.Ordinal).ToArray());

    public Task<Dictionary<string, RoomName>> Rooms() => Task.FromResult(new Dictionary<string, RoomName>(_rooms, StringComparer.Ordinal));
}
