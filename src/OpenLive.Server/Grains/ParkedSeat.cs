namespace OpenLive.Server.Grains;

/// <summary>A room seat kept for a dropped session, so a reconnecting client can take it back.</summary>
[GenerateSerializer]
[Immutable]
[Alias("OpenLive.ParkedSeat")]
public sealed record ParkedSeat(
    [property: Id(0)] Guid SessionId,
    [property: Id(1)] string RoomKey,
    [property: Id(2)] RoomName Room,
    [property: Id(3)] bool IsOwner,
    [property: Id(4)] uint RoleBits,
    [property: Id(5)] uint? KeyBits,
    [property: Id(6)] DateTimeOffset Until);
