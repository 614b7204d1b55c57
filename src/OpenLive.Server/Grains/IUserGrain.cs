using Orleans.Concurrency;

namespace OpenLive.Server.Grains;

/// <summary>
/// One user of one app (key <c>{sdkAppId}/{userId}</c>): owns the user's live sessions — one per device class (IM SDK's
/// multi-terminal login), so that a second login of the same class anywhere in the cluster forces the older session
/// offline with 8050 — and the user's call state.
/// </summary>
[Alias("OpenLive.IUserGrain")]
public interface IUserGrain : IGrainWithStringKey
{
    /// <summary>Makes <paramref name="sessionId"/> the user's session on <paramref name="device"/> ("" the default class); an older one of that class is forced offline (8050).</summary>
    [Alias("Attach")]
    Task Attach(Guid sessionId, string device, ISessionObserver observer);

    /// <summary>Forgets <paramref name="sessionId"/> if it is still the user's session.</summary>
    [Alias("Detach")]
    Task Detach(Guid sessionId);

    /// <summary>The session dropped while in a room: remember the seat for a resuming login.</summary>
    [Alias("Park")]
    Task Park(ParkedSeat seat);

    /// <summary>
    /// Attaches a new session that resumes session <paramref name="resumeToken"/>: returns that session's room seat —
    /// parked if it dropped, or handed over by the old session itself if the server has not noticed the drop yet. A
    /// session of the same device class other than the resumed one is forced offline as by <see cref="Attach"/>. Null when
    /// there is nothing to resume.
    /// </summary>
    [Alias("AttachResuming")]
    Task<ParkedSeat?> AttachResuming(Guid sessionId, string device, ISessionObserver observer, Guid resumeToken, DateTimeOffset now, DateTimeOffset seatUntil);

    /// <summary>Forces the user's sessions offline (admin kick); false when the user is offline.</summary>
    [Alias("Kick")]
    Task<bool> Kick(string reason);

    /// <summary>Pushes a C2C message to every session of the user; false when the user is offline.</summary>
    [Alias("Deliver")]
    Task<bool> Deliver(ChatMessage message);

    /// <summary>True while a session is attached.</summary>
    [Alias("IsOnline")]
    Task<bool> IsOnline();

    /// <summary>
    /// A call invites this user: busy when the user is in another call (CallSDK's auto-busy); otherwise it rings — pushed
    /// now to every device of the user, and kept for the user's next login until it stops ringing.
    /// </summary>
    [Alias("Ring")]
    Task<RingOutcome> Ring(CallInvitationInfo invitation, Immutable<byte[]> incomingFrame);

    /// <summary>
    /// The call stops ringing for this user; <paramref name="frame"/> (the end, for example) is pushed to its devices but
    /// <paramref name="answeredBy"/> — the session that refused, whose other devices are told it was answered elsewhere.
    /// </summary>
    [Alias("StopRinging")]
    Task StopRinging(ulong callId, Immutable<byte[]>? frame, Guid answeredBy);

    /// <summary>
    /// The user is now in call <paramref name="callId"/> on session <paramref name="sessionId"/>: it stops ringing on the
    /// other devices (end code 7, answered elsewhere), and the call's events go to that session. False when in another call.
    /// </summary>
    [Alias("EnterCall")]
    Task<bool> EnterCall(ulong callId, Guid sessionId);

    /// <summary>The user is no longer in call <paramref name="callId"/>; <paramref name="frame"/> is pushed to the device in it (or, ringing, to all).</summary>
    [Alias("LeaveCall")]
    Task LeaveCall(ulong callId, Immutable<byte[]>? frame);

    /// <summary>Pushes an event of the user's call to the device in it, if online.</summary>
    [Alias("PushCall")]
    Task PushCall(Immutable<byte[]> frame);

    /// <summary>The invitations ringing for this user now (for a login: each as its push would have carried it).</summary>
    [Alias("Ringing")]
    Task<CallInvitationInfo[]> Ringing();
}

/// <summary>Grain keys.</summary>
public static class GrainKeys
{
    /// <summary>The key of a user's grain.</summary>
    public static string User(uint sdkAppId, string userId) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{sdkAppId}/{userId}");

    /// <summary>The app of a user or room grain key (both start with "{sdkAppId}/"), and what follows the slash.</summary>
    public static (uint SdkAppId, string Remainder) Split(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        return (uint.Parse(key.AsSpan(0, slash), System.Globalization.CultureInfo.InvariantCulture), key[(slash + 1)..]);
    }
}
