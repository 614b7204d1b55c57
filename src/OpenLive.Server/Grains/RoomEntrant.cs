namespace OpenLive.Server.Grains;

/// <summary>
/// Who enters a room, with what the application has already checked (role, granted bits). <paramref name="SendBitsVouched"/>:
/// the bits' SEND_* part is vouched for by a privateMapKey or by the app's self-promotion setting; without that the room
/// lets a member who is not its owner hold send bits only through the owner's co-host invitation. <paramref name="KeyBits"/>:
/// a presented privateMapKey's bits, kept with the seat so a session that takes it back after a node's loss is capped as before.
/// </summary>
[GenerateSerializer]
[Immutable]
[Alias("OpenLive.RoomEntrant")]
public sealed record RoomEntrant(
    [property: Id(0)] string UserId,
    [property: Id(1)] ulong TinyId,
    [property: Id(2)] Guid SessionId,
    [property: Id(3)] ISessionObserver Session,
    [property: Id(4)] string Role,
    [property: Id(5)] uint AuthBits,
    [property: Id(6)] RoomVideo Video,
    [property: Id(7)] MediaFlags Media,
    [property: Id(8)] INodeFanout Node,
    [property: Id(9)] bool SendBitsVouched = false,
    [property: Id(10)] uint? KeyBits = null);

/// <summary>
/// The entry options the media plane acts on (iLiveSDK's autoCamera, autoMic, autoRequestCamera/Screen).
/// <see cref="MediaOnly"/> marks a member without a signaling session (WHIP/WHEP): its media comes from its own offers,
/// pushes to it are dropped, and losing its media connection ends its stay.
/// </summary>
[GenerateSerializer]
[Immutable]
[Alias("OpenLive.MediaFlags")]
public sealed record MediaFlags(
    [property: Id(0)] bool AutoCamera,
    [property: Id(1)] bool AutoMic,
    [property: Id(2)] bool AutoRequestCamera,
    [property: Id(3)] bool AutoRequestScreen,
    [property: Id(4)] bool MediaOnly = false);

/// <summary>The video parameters of a member's role.</summary>
[GenerateSerializer]
[Immutable]
[Alias("OpenLive.RoomVideo")]
public sealed record RoomVideo(
    [property: Id(0)] uint Width,
    [property: Id(1)] uint Height,
    [property: Id(2)] uint Fps,
    [property: Id(3)] uint MaxBitrateKbps);
