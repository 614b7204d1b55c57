namespace OpenLive.Server.Grains;

/// <summary>
/// One room of one app (key from <c>RoomKeys</c>): its existence, owner, members with their roles and auth bits, and the
/// fan-out of member events to every member's session. Rooms live in memory, as iLiveSDK's did: they end when their
/// owner quits or dismisses them.
/// </summary>
[Alias("OpenLive.IRoomGrain")]
public interface IRoomGrain : IGrainWithStringKey
{
    /// <summary>Creates the room with the caller as owner and first member (8004 when it exists).</summary>
    [Alias("Create")]
    Task<RoomResult> Create(RoomName name, RoomEntrant owner);

    /// <summary>Joins the room (10009 when it does not exist, 1003 when this session is already a member).</summary>
    [Alias("Join")]
    Task<RoomResult> Join(RoomEntrant member);

    /// <summary>Leaves the room (10006 when not a member); the owner leaving dismisses it.</summary>
    [Alias("Quit")]
    Task<RoomResult> Quit(string userId, Guid sessionId);

    /// <summary>Dismisses the room (10006 not a member, 10003 not the owner).</summary>
    [Alias("Dismiss")]
    Task<RoomResult> Dismiss(string userId, Guid sessionId);

    /// <summary>Changes the member's role, bits and video parameters (8024 when already that role).</summary>
    [Alias("ChangeRole")]
    Task<RoomResult> ChangeRole(string userId, Guid sessionId, string role, uint authBits, RoomVideo video);

    /// <summary>Changes the member's auth bits (8024 when unchanged).</summary>
    [Alias("ChangeAuthority")]
    Task<RoomResult> ChangeAuthority(string userId, Guid sessionId, uint authBits);

    /// <summary>The member list, or the named members (10006 for non-members, 10010 when a named user is not in the room).</summary>
    [Alias("GetMembers")]
    Task<RoomResult> GetMembers(string userId, string[] only);

    /// <summary>The session dropped: keep its seat until <paramref name="until"/>, then release it (OUT, or disband for the owner).</summary>
    [Alias("Park")]
    Task Park(string userId, Guid sessionId, DateTimeOffset until);

    /// <summary>A reconnected session takes back the seat parked for <paramref name="oldSessionId"/> (10006 when it is gone).</summary>
    [Alias("ResumeSeat")]
    Task<RoomResult> ResumeSeat(string userId, Guid oldSessionId, Guid newSessionId, ISessionObserver session, INodeFanout node);

    /// <summary>Fans a room message out to every member but the sender (10006 when the sender is not a member).</summary>
    [Alias("PublishMessage")]
    Task<RoomResult> PublishMessage(string senderUserId, Guid sessionId, Orleans.Concurrency.Immutable<byte[]> frame);

    /// <summary>Checks that the sender may message the room now (10006 not a member, 10003 muted).</summary>
    [Alias("AuthorizeMessage")]
    Task<RoomResult> AuthorizeMessage(string senderUserId, Guid sessionId);

    /// <summary>The owner invites a member to co-host (10003 not the owner, 1801 cannot invite that user).</summary>
    [Alias("InviteCoHost")]
    Task<RoomResult> InviteCoHost(string ownerUserId, Guid sessionId, string inviteeUserId, DateTimeOffset until);

    /// <summary>The owner withdraws an open invitation (8022 when there is none).</summary>
    [Alias("CancelCoHostInvite")]
    Task<RoomResult> CancelCoHostInvite(string ownerUserId, Guid sessionId, string inviteeUserId);

    /// <summary>The invitee answers; accepting changes its role in the same turn (1802/1803 without an open invitation).</summary>
    [Alias("AnswerCoHostInvite")]
    Task<RoomResult> AnswerCoHostInvite(string userId, Guid sessionId, bool accept, string role, uint authBits, RoomVideo video);

    /// <summary>The owner removes a member (10003 not the owner, 10010 no such member).</summary>
    [Alias("KickMember")]
    Task<RoomResult> KickMember(string ownerUserId, Guid sessionId, string targetUserId, string reason);

    /// <summary>The owner mutes a member's chat until <paramref name="until"/> (null unmutes).</summary>
    [Alias("MuteMember")]
    Task<RoomResult> MuteMember(string ownerUserId, Guid sessionId, string targetUserId, DateTimeOffset? until);

    /// <summary>(Admin) the room's owner and members (10009 when the room does not exist).</summary>
    [Alias("AdminState")]
    Task<RoomResult> AdminState();

    /// <summary>(Admin) every member's media as the SFU counts it, per published and received track (null when the room does not exist).</summary>
    [Alias("AdminMediaStats")]
    Task<MemberMediaStats[]?> AdminMediaStats();

    /// <summary>(Admin) dismisses the room; every member gets RoomDisbanded (10009 when it does not exist).</summary>
    [Alias("AdminDismiss")]
    Task<RoomResult> AdminDismiss();

    /// <summary>(Admin) a system message to every member (10009 when the room does not exist).</summary>
    [Alias("PublishSystemMessage")]
    Task<RoomResult> PublishSystemMessage(Orleans.Concurrency.Immutable<byte[]> frame);

    /// <summary>The session ended without quitting (kicked, expired, logged out): it leaves the room.</summary>
    [Alias("SessionEnded")]
    Task SessionEnded(string userId, Guid sessionId);

    /// <summary>Answers the member's publisher offer (10003 for a source it may not send; 10002 bad offer; 10011 no codec).</summary>
    [Alias("Publish")]
    Task<RoomResult> Publish(string userId, Guid sessionId, string sdp, PublishedTrackSource[] tracks);

    /// <summary>Replaces the member's video views (1401, 1402, 10003).</summary>
    [Alias("RequestViews")]
    Task<RoomResult> RequestViews(string userId, Guid sessionId, RoomView[] views);

    /// <summary>Drops the member's video views.</summary>
    [Alias("CancelViews")]
    Task<RoomResult> CancelViews(string userId, Guid sessionId);

    /// <summary>The member's answer to its subscriber offer.</summary>
    [Alias("AnswerSubscriber")]
    Task<RoomResult> AnswerSubscriber(string userId, Guid sessionId, string sdp, uint revision);

    /// <summary>The member's media counters, per published and received track.</summary>
    [Alias("GetMediaStats")]
    Task<RoomResult> GetMediaStats(string userId, Guid sessionId);

    /// <summary>
    /// (WHEP) Answers a media-only member's offer to receive <paramref name="publisherUserId"/>'s audio and video; the
    /// payload is the answer SDP in UTF-8 (1401 publisher absent or silent, 1402 only missing video asked for, 10003, 10002, 10011).
    /// </summary>
    [Alias("Play")]
    Task<RoomResult> Play(string userId, Guid sessionId, string publisherUserId, string sdp);

    /// <summary>(SFU) a media-only member's connection closed by itself: it leaves (the owner leaving dismisses the room).</summary>
    [Orleans.Concurrency.OneWay]
    [Alias("OnMediaConnectionLost")]
    Task OnMediaConnectionLost(string userId, string reason);

    /// <summary>(SFU) a member's track started or ended: HAS_/NO_ member events.</summary>
    [Orleans.Concurrency.OneWay]
    [Alias("OnMediaTrack")]
    Task OnMediaTrack(string userId, int source, bool started);

    /// <summary>(SFU) a subscriber offer to push to the member.</summary>
    [Orleans.Concurrency.OneWay]
    [Alias("OnSubscriberOffer")]
    Task OnSubscriberOffer(string userId, Orleans.Concurrency.Immutable<byte[]> frame);
}
