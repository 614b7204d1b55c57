namespace OpenLive.Server.Grains;

/// <summary>
/// What a room grain persists so that the room outlives its node: who is in it with which role, bits and video, who
/// owns it, the owner's moderation (co-host invitations, removals, chat mutes), likes, and how many times its media
/// has moved (<see cref="MediaEpoch"/>). Media connections and egress are not here: they live on the node and end with
/// it; members' SDKs connect their media again to wherever the room comes back.
/// </summary>
[GenerateSerializer]
[Alias("OpenLive.RoomRecord")]
public sealed class RoomRecord
{
    /// <summary>The room's id, or null when there is no room (never created, or ended).</summary>
    [Id(0)]
    public RoomName? Name { get; set; }

    /// <summary>The member who created the room.</summary>
    [Id(1)]
    public string? Owner { get; set; }

    /// <summary>Everyone in the room.</summary>
    [Id(2)]
    public List<RoomMemberRecord> Members { get; set; } = [];

    /// <summary>Open co-host invitations: invitee and when each expires.</summary>
    [Id(3)]
    public Dictionary<string, DateTimeOffset> Invitations { get; set; } = [];

    /// <summary>Users the owner removed (kept for the room's lifetime).</summary>
    [Id(4)]
    public List<string> Removed { get; set; } = [];

    /// <summary>Chat mutes: user and when each ends.</summary>
    [Id(5)]
    public Dictionary<string, DateTimeOffset> Mutes { get; set; } = [];

    /// <summary>Likes since the room was created.</summary>
    [Id(6)]
    public ulong Likes { get; set; }

    /// <summary>
    /// Bumped each time an activation takes over a room another one held (a node died, or drained): members whose media
    /// epoch is older connect their media again.
    /// </summary>
    [Id(7)]
    public uint MediaEpoch { get; set; }
}

/// <summary>
/// One member as persisted. <see cref="Session"/> and <see cref="Node"/> are references to objects on the member's
/// signaling node: still valid after the room's own node is lost when that node survives, replaced when the member
/// resumes on another. <see cref="KeyBits"/> (a presented privateMapKey's bits) is what its session needs to go on
/// capping role and authority changes after such a resume; the role's own bits come from its name.
/// </summary>
[GenerateSerializer]
[Immutable]
[Alias("OpenLive.RoomMemberRecord")]
public sealed record RoomMemberRecord(
    [property: Id(0)] string UserId,
    [property: Id(1)] ulong TinyId,
    [property: Id(2)] Guid SessionId,
    [property: Id(3)] ISessionObserver Session,
    [property: Id(4)] INodeFanout Node,
    [property: Id(5)] string Role,
    [property: Id(6)] uint AuthBits,
    [property: Id(7)] RoomVideo Video,
    [property: Id(8)] MediaFlags Media,
    [property: Id(9)] DateTimeOffset? MutedUntil,
    [property: Id(10)] uint SendAllowance,
    [property: Id(11)] long JoinedAtMs,
    [property: Id(12)] uint? KeyBits,
    [property: Id(13)] DateTimeOffset? ParkedUntil);
