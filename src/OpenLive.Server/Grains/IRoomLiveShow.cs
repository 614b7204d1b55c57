namespace OpenLive.Server.Grains;

/// <summary>
/// The live-show layer of a room (one role of the room grain; iLiveSDK's TILLiveManager): co-host invitations, and the
/// owner's kicks and chat mutes.
/// </summary>
[Alias("OpenLive.IRoomLiveShow")]
public interface IRoomLiveShow : IGrainWithStringKey
{
    /// <summary>The owner invites a member to co-host (10003 not the owner, 1801 cannot invite that user).</summary>
    [Alias("InviteCoHost")]
    Task<RoomResult> InviteCoHost(string ownerUserId, Guid sessionId, string inviteeUserId, DateTimeOffset until);

    /// <summary>The owner withdraws an open invitation (8022 when there is none).</summary>
    [Alias("CancelCoHostInvite")]
    Task<RoomResult> CancelCoHostInvite(string ownerUserId, Guid sessionId, string inviteeUserId);

    /// <summary>The invitee answers; accepting changes its role in the same turn (1802/1803 without an open invitation).</summary>
    [Alias("AnswerCoHostInvite")]
    Task<RoomResult<RoomSnapshot>> AnswerCoHostInvite(string userId, Guid sessionId, bool accept, string role, uint authBits, RoomVideo video);

    /// <summary>The owner removes a member (10003 not the owner, 10010 no such member).</summary>
    [Alias("KickMember")]
    Task<RoomResult> KickMember(string ownerUserId, Guid sessionId, string targetUserId, string reason);

    /// <summary>The owner mutes a member's chat until <paramref name="until"/> (null unmutes).</summary>
    [Alias("MuteMember")]
    Task<RoomResult> MuteMember(string ownerUserId, Guid sessionId, string targetUserId, DateTimeOffset? until);
}
