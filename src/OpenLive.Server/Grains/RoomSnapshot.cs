namespace OpenLive.Server.Grains;

/// <summary>
/// A room as a member sees it when entering or changing role, or as the admin API shows it: the owner and every member;
/// for a member, its own entry, its role's video parameters and its privateMapKey's bits (a session that takes the seat
/// back after a node's loss goes on capping with them); the media epoch (bumped each time the room's media moved to
/// another node: a member whose media is older connects it again); for the admin API, the node hosting it and since when. Immutable for Orleans (built fresh for each answer and
/// never changed after): a grain call on the same node would otherwise deep-copy every member of a 100-member room on
/// each join, which cost the join storm about 14 % of its throughput when the contracts became typed.
/// </summary>
[GenerateSerializer]
[Immutable]
[Alias("OpenLive.RoomSnapshot")]
public sealed record RoomSnapshot(
    [property: Id(0)] RoomName Name,
    [property: Id(1)] string Owner,
    [property: Id(2)] RoomMemberInfo[] Members,
    [property: Id(3)] RoomMemberInfo? Self,
    [property: Id(4)] RoomVideo? Video,
    [property: Id(5)] RoomCounts? Counts = null,
    [property: Id(6)] uint MediaEpoch = 0,
    [property: Id(7)] uint? SelfKeyBits = null,
    [property: Id(8)] string? Node = null,
    [property: Id(9)] DateTimeOffset? NodeSince = null);

/// <summary>A room's counters every member must agree on (protocol <c>RoomCounters</c>): likes since it was created, viewers present.</summary>
[GenerateSerializer]
[Immutable]
[Alias("OpenLive.RoomCounts")]
public sealed record RoomCounts(
    [property: Id(0)] ulong Likes,
    [property: Id(1)] uint Viewers);

/// <summary>One member of a room: role, bits, media flags (iLiveSDK's HAS_/NO_ state), chat mute, entry options.</summary>
[GenerateSerializer]
[Immutable]
[Alias("OpenLive.RoomMemberInfo")]
public sealed record RoomMemberInfo(
    [property: Id(0)] string UserId,
    [property: Id(1)] ulong TinyId,
    [property: Id(2)] string Role,
    [property: Id(3)] uint AuthBits,
    [property: Id(4)] long JoinedAtMs,
    [property: Id(5)] bool HasAudio,
    [property: Id(6)] bool HasCamera,
    [property: Id(7)] bool HasScreen,
    [property: Id(8)] DateTimeOffset? MutedUntil,
    [property: Id(9)] MediaFlags Preferences);
