using Orleans.Concurrency;

namespace OpenLive.Server.Grains;

/// <summary>
/// One call (key <c>{sdkAppId}/{callId}</c>): its sponsor, invitees and their states, ring timers, and how it ends. It
/// decides every race (the first accept wins; an accept after a cancel or a timeout is refused) and tells each user
/// through the user's grain. Its room (<see cref="CallRooms"/>) carries the media; the call ends the room with it.
/// </summary>
[Alias("OpenLive.ICallGrain")]
public interface ICallGrain : IGrainWithStringKey
{
    /// <summary>Starts the call with its sponsor in it and rings the invitees; 8004 when the id is taken.</summary>
    [Alias("Make")]
    Task<RoomResult<CallView>> Make(CallSetup setup);

    /// <summary>An invitee takes the call on its session <paramref name="sessionId"/> (1802 when its invitation no longer rings: another device took it, for one).</summary>
    [Alias("Accept")]
    Task<RoomResult<CallView>> Accept(string userId, Guid sessionId);

    /// <summary>An invitee refuses (1803 when its invitation no longer rings).</summary>
    [Alias("Refuse")]
    Task<RoomResult> Refuse(string userId, Guid sessionId);

    /// <summary>The sponsor cancels while nobody has accepted (8008 otherwise).</summary>
    [Alias("Cancel")]
    Task<RoomResult> Cancel(string userId);

    /// <summary>A participant leaves (8008 when not in the call); the sponsor hanging up before anyone accepted cancels.</summary>
    [Alias("HangUp")]
    Task<RoomResult> HangUp(string userId);

    /// <summary>A member of a group call invites more users (1801 for one already invited or in the call).</summary>
    [Alias("Invite")]
    Task<RoomResult<CallView>> Invite(string inviterUserId, string[] userIds);

    /// <summary>The call's room dropped a participant whose connection did not come back within the resume window (end code 6).</summary>
    [OneWay]
    [Alias("ParticipantDropped")]
    Task ParticipantDropped(string userId);

    /// <summary>The server ends the call (the admin API): everyone still in it or ringing gets end code 6; false when there is no such call.</summary>
    [Alias("Reclaim")]
    Task<bool> Reclaim(string reason);

    /// <summary>The call now (tests, the admin API); null when it does not exist or has ended.</summary>
    [Alias("View")]
    Task<CallView?> View();
}
