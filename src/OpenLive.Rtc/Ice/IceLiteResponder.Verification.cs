using System.Net;
using OpenLive.Rtc.Sdp;
using OpenLive.Rtc.Stun;

namespace OpenLive.Rtc.Ice;

/// <summary>
/// Verified address changes: once media flows, a nominated new endpoint must answer our own Binding request before it
/// is selected (RFC 7675 §5.1's consent request, sent by this lite agent to the candidate address). Guards against a
/// peer that knows its own ICE password aiming our media (and NACK resends) at a third party by forging the source of
/// a nominating check. What the third party could receive instead is bounded: one request per transmission, at most
/// <see cref="VerificationTransmissions"/> per verification, at most one verification started per
/// <see cref="VerificationSpacing"/>.
/// </summary>
public sealed partial class IceLiteResponder
{
    /// <summary>Requests sent to an endpoint being verified before it is given up (at 0, 250, 750 and 1750 ms).</summary>
    public const int VerificationTransmissions = 4;

    /// <summary>Buffer size that holds any request <see cref="TryWriteVerificationRequest"/> writes.</summary>
    public const int MaxRequestLength = StunWriter.MaxIceMessageLength;

    /// <summary>First retransmission delay of a verification request; doubled each time (RFC 8489 §6.2.1).</summary>
    public static readonly TimeSpan VerificationRetransmitTimeout = TimeSpan.FromMilliseconds(250);

    /// <summary>A new verification does not replace a running one started less than this long ago.</summary>
    public static readonly TimeSpan VerificationSpacing = TimeSpan.FromMilliseconds(500);

    private readonly ulong tiebreaker = (ulong)Random.Shared.NextInt64();
    private bool verifySwitches;
    private StunIntegrityKey? remoteKey;
    private byte[] remoteUfragForRequests = [];
    private IPEndPoint? pending;
    private StunTransactionId pendingTransaction;
    private long pendingStartedAt;
    private long pendingNextAt;
    private int pendingTransmissions;

    /// <summary>The endpoint a nomination is waiting to verify, null when none.</summary>
    public IPEndPoint? PendingEndpoint => pending;

    /// <summary>
    /// Sets the peer's ICE credentials from its description: the ufrag as <see cref="SetRemoteUfrag"/> does, and the
    /// password our own requests are signed with and its responses verified by. Without a password, a switch that
    /// needs verification can never complete (media stays on the verified endpoint).
    /// </summary>
    public void SetRemoteCredentials(string ufrag, string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        SetRemoteUfrag(ufrag);
        remoteUfragForRequests = System.Text.Encoding.ASCII.GetBytes(ufrag);
        remoteKey?.Dispose();
        remoteKey = StunIntegrityKey.ForPassword(password);
    }

    /// <summary>
    /// From now on a nomination of an endpoint other than the selected one only starts a verification. Called when the
    /// first address is proven — DTLS completed with it — with that address, which becomes the selected one if no
    /// check nominated one (the peer reached us from there and completed DTLS there, so it is the peer's).
    /// </summary>
    public void RequireVerifiedSwitches(IPEndPoint current)
    {
        ArgumentNullException.ThrowIfNull(current);
        verifySwitches = true;
        if (selected is null)
        {
            Volatile.Write(ref selected, Remember(current, timeProvider.GetTimestamp()));
            Volatile.Write(ref selectedLastValidCheck, timeProvider.GetTimestamp());
        }
    }

    /// <summary>
    /// When a verification request is due at <paramref name="nowTimestamp"/>, writes it into <paramref name="request"/>
    /// (at least <see cref="MaxRequestLength"/> bytes) and says where it goes. A verification out of transmissions is
    /// given up here: the endpoint never receives media. Allocation-free.
    /// </summary>
    public bool TryWriteVerificationRequest(Span<byte> request, long nowTimestamp, out IPEndPoint? destination, out int length)
    {
        destination = null;
        length = 0;
        if (pending is null || nowTimestamp < pendingNextAt)
        {
            return false;
        }

        if (pendingTransmissions >= VerificationTransmissions || remoteKey is null)
        {
            pending = null; // Never answered (or cannot be verified): it stays unselected.
            return false;
        }

        if (request.Length < MaxRequestLength)
        {
            throw new ArgumentException($"The request buffer must hold {MaxRequestLength} bytes.", nameof(request));
        }

        // RFC 8445 §7.2.2 / RFC 7675 §5.1: USERNAME theirUfrag:ourUfrag, PRIORITY, our (controlled) role,
        // MESSAGE-INTEGRITY with their password, FINGERPRINT; no USE-CANDIDATE (only the controlling side nominates).
        var writer = new StunWriter(request, StunClass.Request, StunMethod.Binding, pendingTransaction);
        writer.AddUsername(remoteUfragForRequests, LocalCredentials.UfragUtf8);
        writer.AddPriority(IcePriority.Candidate(IceCandidateType.Host, 65535, 1));
        writer.AddIceControlled(tiebreaker);
        writer.AddMessageIntegrity(remoteKey);
        writer.AddFingerprint();
        length = writer.Length;
        destination = pending;
        var delay = VerificationRetransmitTimeout * (1 << pendingTransmissions);
        pendingTransmissions++;
        pendingNextAt = nowTimestamp + (long)(delay.TotalSeconds * timeProvider.TimestampFrequency);
        return true;
    }

    /// <summary>
    /// A STUN response from <paramref name="source"/>: <see cref="IceLiteResult.Nominated"/> when it is the valid answer
    /// to the running verification — a success, our transaction id, from the endpoint asked, signed with the peer's
    /// password — and the endpoint is now selected; <see cref="IceLiteResult.NoResponse"/> for anything else. Never
    /// throws on bad bytes; allocates nothing.
    /// </summary>
    public IceLiteResult HandleResponse(ReadOnlySpan<byte> packet, IPEndPoint source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (pending is null || remoteKey is null || !StunMessage.TryParse(packet, out var response)
            || response.Class != StunClass.SuccessResponse || response.Method != StunMethod.Binding
            || response.TransactionId != pendingTransaction || !source.Equals(pending)
            || (response.HasFingerprint && !response.IsFingerprintValid()) || !remoteKey.Verify(response))
        {
            return IceLiteResult.NoResponse;
        }

        var endpoint = pending;
        pending = null;
        var now = timeProvider.GetTimestamp();
        Volatile.Write(ref selectedLastValidCheck, now);
        if (remotes.TryGetValue(endpoint, out var remote))
        {
            remote.LastValidCheck = now;
        }

        return Select(endpoint);
    }

    private IceLiteResult BeginVerification(IPEndPoint endpoint, long now)
    {
        if (ReferenceEquals(endpoint, pending)
            || (pending is not null && timeProvider.GetElapsedTime(pendingStartedAt, now) < VerificationSpacing))
        {
            return IceLiteResult.Answered; // Already being verified, or another one just started: no more requests.
        }

        pending = endpoint;
        pendingTransaction = StunTransactionId.NewRandom();
        pendingStartedAt = now;
        pendingNextAt = now;
        pendingTransmissions = 0;
        return IceLiteResult.VerificationPending;
    }
}
