namespace OpenLive.Server.Hosting.Placement;

/// <summary>
/// What this node hosts, counted by the room grains as they change (<c>RoomGrain.SyncLoad</c>): rooms and their members.
/// Read once a second by <see cref="NodeLoadBoard"/>, which adds the media packet rate and CPU and publishes the sum.
/// </summary>
internal sealed class NodeLoad
{
    private long _rooms;
    private long _members;

    public long Rooms => Interlocked.Read(ref _rooms);

    public long Members => Interlocked.Read(ref _members);

    public void Add(long rooms, long members)
    {
        Interlocked.Add(ref _rooms, rooms);
        Interlocked.Add(ref _members, members);
    }
}
