namespace OpenLive.Server.Grains;

/// <summary>
/// A room's membership (one role of the room grain; key from <c>RoomKeys</c>): its existence, owner, members with their
/// roles and auth bits, seats kept for resuming sessions. Rooms live in memory, as iLiveSDK's did: they end when their
/// owner quits or dismisses them.
/// </summary>
[Alias("OpenLive.IRoomMembership")]
public interface IRoomMembership : IGrainWithStringKey
{
    /// <summary>Creates the room with the caller as owner and first member (8004 when it exists).</summary>
    [Alias("Create")]
    Task<RoomResult<RoomSnapshot>> Create(RoomName name, RoomEntrant owner);

    /// <summary>
    /// Joins the room (10009 when it does not exist, 1003 when this session is already a member, 10003 for a user the owner
    /// removed, or for send bits nobody vouched for when the user is not the owner: see <see cref="RoomEntrant"/>).
    /// </summary>
    [Alias("Join")]
    Task<RoomResult<RoomSnapshot>> Join(RoomEntrant member);

    /// <summary>Leaves the room (10006 when not a member); the owner leaving dismisses it.</summary>
    [Alias("Quit")]
    Task<RoomResult> Quit(string userId, Guid sessionId);

    /// <summary>Dismisses the room (10006 not a member, 10003 not the owner).</summary>
    [Alias("Dismiss")]
    Task<RoomResult> Dismiss(string userId, Guid sessionId);

    /// <summary>
    /// Changes the member's role, bits and video parameters (8024 when already that role; 10003 when a member who is not
    /// the owner asks for send bits beyond those the owner's invitation gave it and <paramref name="sendBitsVouched"/> is
    /// false). A role without send bits ends a co-host's promotion.
    /// </summary>
    [Alias("ChangeRole")]
    Task<RoomResult<RoomSnapshot>> ChangeRole(string userId, Guid sessionId, string role, uint authBits, RoomVideo video, bool sendBitsVouched);

    /// <summary>
    /// Changes the member's auth bits (8024 when unchanged; 10003 for unvouched send bits as for <see cref="ChangeRole"/>);
    /// <paramref name="keyBits"/> is the privateMapKey ceiling the session now holds (kept with the seat).
    /// </summary>
    [Alias("ChangeAuthority")]
    Task<RoomResult<RoomSnapshot>> ChangeAuthority(string userId, Guid sessionId, uint authBits, bool sendBitsVouched, uint? keyBits);

    /// <summary>The member list, or the named members (10006 for non-members, 10010 when a named user is not in the room).</summary>
    [Alias("GetMembers")]
    Task<RoomResult<RoomMemberInfo[]>> GetMembers(string userId, string[] only);

    /// <summary>The session dropped: keep its seat until <paramref name="until"/>, then release it (OUT, or disband for the owner).</summary>
    [Alias("Park")]
    Task Park(string userId, Guid sessionId, DateTimeOffset until);

    /// <summary>
    /// The member's session is alive: after a node's loss every member must say so within the resume window, or leave
    /// (a session on a surviving node is confirmed by its node; any request of the session confirms it too). 10006 when
    /// the session holds no seat here.
    /// </summary>
    [Alias("Confirm")]
    Task<RoomResult> Confirm(string userId, Guid sessionId);

    /// <summary>
    /// A reconnected session takes back the seat held by <paramref name="oldSessionId"/> — parked after a dropped
    /// connection, or left by a session whose node was lost (10006 when the room no longer keeps it).
    /// </summary>
    [Alias("ResumeSeat")]
    Task<RoomResult<RoomSnapshot>> ResumeSeat(string userId, Guid oldSessionId, Guid newSessionId, ISessionObserver session, INodeFanout node);

    /// <summary>The session ended without quitting (kicked, expired, logged out): it leaves the room.</summary>
    [Alias("SessionEnded")]
    Task SessionEnded(string userId, Guid sessionId);
}
