namespace OpenLive.Sdk.Calls;

/// <summary>A call's kind (CallSDK's <c>ILVCallConstants.CALL_TYPE_AUDIO</c> / <c>CALL_TYPE_VIDEO</c>).</summary>
public enum LiveCallType
{
    /// <summary>Audio only.</summary>
    Audio = 1,

    /// <summary>Audio and video.</summary>
    Video = 2,
}

/// <summary>Why a call ended (CallSDK's end codes, with their numbers).</summary>
public enum LiveCallEndCode
{
    /// <summary>The caller cancelled before anyone answered (ERR_CALL_SPONSOR_CANCEL).</summary>
    SponsorCancel = 1,

    /// <summary>Nobody answered within the ring time (ERR_CALL_SPONSOR_TIMEOUT).</summary>
    SponsorTimeout = 2,

    /// <summary>The invitee refused (ERR_CALL_RESPONDER_REFUSE).</summary>
    ResponderRefuse = 3,

    /// <summary>A participant hung up (ERR_CALL_HANGUP).</summary>
    Hangup = 4,

    /// <summary>The invitee was in another call (ERR_CALL_RESPONDER_LINEBUSY).</summary>
    ResponderLineBusy = 5,

    /// <summary>A participant's connection was lost beyond the resume window, or the server reclaimed the call (ERR_CALL_DISCONNECT).</summary>
    Disconnect = 6,

    /// <summary>OpenLive: another of this user's devices accepted or refused the invitation, so it stopped ringing here (see <see cref="LiveClientOptions.Device"/>).</summary>
    AnsweredElsewhere = 7,

    /// <summary>The server no longer knows the call (ERR_CALL_NOT_EXIST).</summary>
    NotExist = 100,

    /// <summary>The call could not be set up: an accept got no answer (timeout or connection lost) (ERR_CALL_FAILED).</summary>
    Failed = 101,

    /// <summary>The app ended it locally before the server answered (ERR_CALL_LOCAL_CANCEL).</summary>
    LocalCancel = 102,
}

/// <summary>A participant's state in a call.</summary>
public enum LiveCallMemberState
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

/// <summary>A participant of a call and its state.</summary>
/// <param name="UserId">The participant.</param>
/// <param name="State">Its state.</param>
public sealed record LiveCallMember(string UserId, LiveCallMemberState State);

/// <summary>An invitation to a call (TILCallInvitation / ILVIncomingNotification).</summary>
/// <param name="CallId">The call, for <see cref="LiveClient.AcceptCallAsync"/> and <see cref="LiveClient.RefuseCallAsync"/>.</param>
/// <param name="Type">Audio or video.</param>
/// <param name="SponsorId">Who made the call.</param>
/// <param name="InviterId">Who invited this user (the sponsor, or a member who added it to a group call).</param>
/// <param name="Members">Everyone in the call or invited, with their states.</param>
/// <param name="Tips">The caller's tips (ILVCallOption.callTips).</param>
/// <param name="CustomData">The caller's custom data.</param>
/// <param name="RingUntil">When the invitation stops ringing.</param>
/// <param name="IsGroup">A group call (members may be added; it goes on while two are in it).</param>
public sealed record LiveCallInvitation(
    ulong CallId,
    LiveCallType Type,
    string SponsorId,
    string InviterId,
    IReadOnlyList<LiveCallMember> Members,
    string Tips,
    ReadOnlyMemory<byte> CustomData,
    DateTimeOffset RingUntil,
    bool IsGroup);

/// <summary>What a call carries to its invitees (ILVCallOption).</summary>
public sealed class LiveCallOptions
{
    /// <summary>Audio or video (default video).</summary>
    public LiveCallType Type { get; init; } = LiveCallType.Video;

    /// <summary>Shown to the invitees; at most 256 UTF-8 bytes by default.</summary>
    public string Tips { get; init; } = string.Empty;

    /// <summary>The app's own data for the invitees; at most 1,024 bytes by default.</summary>
    public ReadOnlyMemory<byte> CustomData { get; init; }

    /// <summary>How long the invitations ring; null: the server's default (30 s). 1–120 s.</summary>
    public TimeSpan? RingTimeout { get; init; }
}

/// <summary>A new invitation (CallSDK's onNewIncomingCall).</summary>
/// <param name="invitation">The invitation.</param>
public sealed class IncomingCallEventArgs(LiveCallInvitation invitation) : EventArgs
{
    /// <summary>The invitation.</summary>
    public LiveCallInvitation Invitation { get; } = invitation;
}

/// <summary>A call ended for this user (CallSDK's onCallEnd): a ringing invitation or a call it was in.</summary>
/// <param name="callId">The call.</param>
/// <param name="code">Why.</param>
/// <param name="info">The server's text.</param>
/// <param name="byUserId">Who ended it (the caller who cancelled, the invitee who refused, who hung up), if anyone.</param>
public sealed class LiveCallEndedEventArgs(ulong callId, LiveCallEndCode code, string info, string? byUserId) : EventArgs
{
    /// <summary>The call.</summary>
    public ulong CallId { get; } = callId;

    /// <summary>Why it ended.</summary>
    public LiveCallEndCode Code { get; } = code;

    /// <summary>The server's text.</summary>
    public string Info { get; } = info;

    /// <summary>Who ended it, if anyone.</summary>
    public string? ByUserId { get; } = byUserId;
}

/// <summary>A participant's state changed (accepted, refused, busy, timed out, left, disconnected).</summary>
/// <param name="member">The participant and its new state.</param>
public sealed class LiveCallMemberEventArgs(LiveCallMember member) : EventArgs
{
    /// <summary>The participant and its new state.</summary>
    public LiveCallMember Member { get; } = member;
}
