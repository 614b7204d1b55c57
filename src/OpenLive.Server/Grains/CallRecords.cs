namespace OpenLive.Server.Grains;

/// <summary>A call's kind (iLiveSDK CallSDK's call types); the numbers are the wire's <c>CallType</c>.</summary>
public enum CallKind
{
    /// <summary>Audio only (CALL_TYPE_AUDIO).</summary>
    Audio = 1,
    /// <summary>Audio and video (CALL_TYPE_VIDEO).</summary>
    Video = 2,
}

/// <summary>Why a call ended for a participant: CallSDK's end codes, the wire's <c>CallEndCode</c>.</summary>
public enum CallEnd
{
    /// <summary>The caller cancelled before anyone answered (ERR_CALL_SPONSOR_CANCEL).</summary>
    SponsorCancel = 1,
    /// <summary>Nobody answered within the ring time (ERR_CALL_SPONSOR_TIMEOUT).</summary>
    SponsorTimeout = 2,
    /// <summary>The invitee refused (ERR_CALL_RESPONDER_REFUSE).</summary>
    ResponderRefuse = 3,
    /// <summary>A participant hung up (ERR_CALL_HANGUP).</summary>
    Hangup = 4,
    /// <summary>The invitee is in another call (ERR_CALL_RESPONDER_LINEBUSY).</summary>
    ResponderLineBusy = 5,
    /// <summary>A participant's connection was lost beyond the resume window, or the server reclaimed the call (ERR_CALL_DISCONNECT).</summary>
    Disconnect = 6,
    /// <summary>OpenLive: the invitation was answered on another of the user's devices, so it stops ringing on this one.</summary>
    AnsweredElsewhere = 7,
}

/// <summary>A participant's state in a call; the numbers are the wire's <c>CallMemberState</c>.</summary>
public enum CallMemberStatus
{
    /// <summary>Invited; the invitation rings.</summary>
    Ringing = 1,
    /// <summary>In the call.</summary>
    InCall = 2,
    /// <summary>Refused the invitation.</summary>
    Refused = 3,
    /// <summary>Was in another call when invited.</summary>
    Busy = 4,
    /// <summary>Did not answer within the ring time.</summary>
    TimedOut = 5,
    /// <summary>Hung up.</summary>
    Left = 6,
    /// <summary>Lost its connection beyond the resume window.</summary>
    Disconnected = 7,
}

/// <summary>What the sponsor asked for when making the call (checked by the call service).</summary>
[GenerateSerializer]
[Immutable]
[Alias("OpenLive.CallSetup")]
public sealed record CallSetup(
    [property: Id(0)] string SponsorUserId,
    [property: Id(1)] string[] InviteeUserIds,
    [property: Id(2)] CallKind Kind,
    [property: Id(3)] string Tips,
    [property: Id(4)] byte[] CustomData,
    [property: Id(5)] TimeSpan RingTimeout,
    [property: Id(6)] bool Group,
    [property: Id(7)] int MaxParticipants,
    [property: Id(8)] Guid SponsorSessionId);

/// <summary>One participant and its state.</summary>
[GenerateSerializer]
[Immutable]
[Alias("OpenLive.CallParticipant")]
public sealed record CallParticipant([property: Id(0)] string UserId, [property: Id(1)] CallMemberStatus Status);

/// <summary>The call as its participants see it (without its room, which the room grain describes).</summary>
[GenerateSerializer]
[Immutable]
[Alias("OpenLive.CallView")]
public sealed record CallView(
    [property: Id(0)] ulong CallId,
    [property: Id(1)] CallKind Kind,
    [property: Id(2)] string SponsorUserId,
    [property: Id(3)] CallParticipant[] Members,
    [property: Id(4)] bool Group,
    [property: Id(5)] DateTimeOffset StartedAt);

/// <summary>An invitation as the invitee is shown it (pushed, or listed at its next login while it rings).</summary>
[GenerateSerializer]
[Immutable]
[Alias("OpenLive.CallInvitationInfo")]
public sealed record CallInvitationInfo(
    [property: Id(0)] CallView Call,
    [property: Id(1)] string InviterUserId,
    [property: Id(2)] string Tips,
    [property: Id(3)] byte[] CustomData,
    [property: Id(4)] DateTimeOffset RingUntil);

/// <summary>What ringing an invitee found: ringing now, or busy in another call.</summary>
public enum RingOutcome
{
    /// <summary>The invitation rings (pushed now if online, listed at the next login).</summary>
    Ringing = 1,
    /// <summary>The user is in another call.</summary>
    Busy = 2,
}
