namespace OpenLive.Server.Grains;

/// <summary>
/// The grain storage rooms persist to (<see cref="RoomRecord"/>): Redis in a cluster (the membership's Redis unless
/// <c>OpenLive:Store:ConnectionString</c> names another), so another node takes a lost node's rooms over; memory on a
/// single node, where no other node could.
/// </summary>
internal static class RoomStorage
{
    public const string Name = "rooms";
}
