using Orleans.Concurrency;

namespace OpenLive.Server.Grains;

/// <summary>
/// One app's directory (key: sdkAppId): who is online and which rooms exist, for the admin API. Users and rooms report
/// to it one-way; it is in memory, so after losing the node that hosted it, it fills again as users log in and rooms open.
/// </summary>
[Alias("OpenLive.IAppDirectoryGrain")]
public interface IAppDirectoryGrain : IGrainWithIntegerKey
{
    /// <summary>A user's session attached.</summary>
    [OneWay]
    [Alias("UserOnline")]
    Task UserOnline(string userId);

    /// <summary>A user's session ended.</summary>
    [OneWay]
    [Alias("UserOffline")]
    Task UserOffline(string userId);

    /// <summary>A room was created.</summary>
    [OneWay]
    [Alias("RoomOpened")]
    Task RoomOpened(string roomKey, RoomName name);

    /// <summary>A room was disbanded.</summary>
    [OneWay]
    [Alias("RoomEnded")]
    Task RoomEnded(string roomKey);

    /// <summary>The users with a session now.</summary>
    [Alias("OnlineUsers")]
    Task<string[]> OnlineUsers();

    /// <summary>The rooms that exist now, by grain key.</summary>
    [Alias("Rooms")]
    Task<Dictionary<string, RoomName>> Rooms();
}
