namespace OpenLive.Server.Grains;

/// <summary>
/// A member's stay in a room ended without its asking: the room was disbanded (<see cref="Reason"/> null), or the
/// member was removed (kicked, its media connection lost) for <see cref="Reason"/>.
/// </summary>
[GenerateSerializer]
[Immutable]
[Alias("OpenLive.RoomClosure")]
public sealed record RoomClosure(
    [property: Id(0)] string RoomKey,
    [property: Id(1)] RoomName Room,
    [property: Id(2)] RoomError? Reason);
