using System.Net;
using OpenLive.Rtc.Stun;

namespace OpenLive.Rtc.Ice;

/// <summary>
/// The server's side of ICE for one transport: an ICE-lite agent (RFC 8445 §2.5) that only answers connectivity
/// checks. It is always in the controlled role, sends no checks of its own, and takes the pair a valid check with
/// USE-CANDIDATE arrives on as selected (RFC 8445 §7.3, §8.2). The latest nomination wins, as browsers move the
/// selected pair when their network changes. Liveness is consent in reverse (RFC 7675): the peer's consent checks
/// are the only proof it still wants our media, so the selected endpoint expires after 30 s without a valid one.
/// <para>
/// A check proves only that its sender knows our password — the peer itself — not that the source address is the
/// peer's: a hostile peer can put any address in it and aim our media at a third party. So once
/// <see cref="RequireVerifiedSwitches"/> is called (the transport does when DTLS completes, i.e. before any media),
/// a nomination of another endpoint takes effect only after our own Binding request to it is answered with a
/// valid response (RFC 7675 consent: the transaction id proves the response came from there, MESSAGE-INTEGRITY with
/// the peer's password that it is the peer): see <c>IceLiteResponder.Verification.cs</c>.
/// </para>
/// <para>
/// Threading: <see cref="HandleRequest"/> and <see cref="SetRemoteUfrag"/> must be serialized by the caller (the
/// transport's receive loop); they share a keyed HMAC. <see cref="SelectedEndpoint"/> and
/// <see cref="IsConsentExpired()"/> may be read from any thread.
/// </para>
/// </summary>
public sealed partial class IceLiteResponder : IDisposable
{
    /// <summary>Buffer size that holds any response <see cref="HandleRequest"/> writes.</summary>
    public const int MaxResponseLength = 128;

    /// <summary>Remote endpoints tracked at most; the least recently heard unselected one makes room for a new one.</summary>
    public const int MaxRemoteEndpoints = 16;

    /// <summary>Consent lapses after this long without a valid check (RFC 7675 §5.1).</summary>
    public static readonly TimeSpan ConsentTimeout = TimeSpan.FromSeconds(30);

    private readonly TimeProvider timeProvider;
    private readonly StunIntegrityKey localKey;
    private readonly Dictionary<IPEndPoint, RemoteEndpoint> remotes = [];
    private readonly long createdAt;
    private byte[] remoteUfrag = [];
    private IPEndPoint? selected;
    private long selectedLastValidCheck;

    /// <summary>A responder for one transport, answering checks made with <paramref name="localCredentials"/>.</summary>
    public IceLiteResponder(IceCredentials localCredentials, TimeProvider timeProvider, string? remoteUfrag = null)
    {
        ArgumentNullException.ThrowIfNull(localCredentials);
        ArgumentNullException.ThrowIfNull(timeProvider);
        LocalCredentials = localCredentials;
        this.timeProvider = timeProvider;
        localKey = new StunIntegrityKey(localCredentials.PasswordUtf8);
        createdAt = timeProvider.GetTimestamp();
        selectedLastValidCheck = createdAt;
        if (remoteUfrag is not null)
        {
            SetRemoteUfrag(remoteUfrag);
        }
    }

    /// <summary>Our ufrag and password (what the SDP answer carries).</summary>
    public IceCredentials LocalCredentials { get; }

    /// <summary>Where media goes: the source of the latest valid check with USE-CANDIDATE; null until one.</summary>
    public IPEndPoint? SelectedEndpoint => Volatile.Read(ref selected);

    /// <summary>Remote endpoints that have sent at least one valid check (the candidate pairs of this lite agent).</summary>
    public int RemoteEndpointCount => remotes.Count;

    /// <summary>
    /// Sets the peer's ufrag from its offer: from then on USERNAME must be exactly <c>ourUfrag:theirUfrag</c>; until
    /// then only the <c>ourUfrag:</c> prefix is checked (MESSAGE-INTEGRITY is what authenticates either way).
    /// </summary>
    public void SetRemoteUfrag(string ufrag)
    {
        if (!IceCredentials.IsValid(ufrag, 4))
        {
            throw new ArgumentException("An ICE ufrag is 4..256 ice-chars.", nameof(ufrag));
        }

        remoteUfrag = System.Text.Encoding.ASCII.GetBytes(ufrag);
    }

    /// <summary>
    /// Handles a datagram the demultiplexer classified as STUN, received from <paramref name="source"/>. When the
    /// result is not <see cref="IceLiteResult.NoResponse"/>, <c>response[..responseLength]</c> must be sent back to
    /// <paramref name="source"/>. Never throws on bad bytes; allocates nothing once the source has been seen.
    /// <paramref name="response"/> must hold <see cref="MaxResponseLength"/> bytes. The responder keeps its own
    /// copy of a new source, so the caller may reuse its endpoint object.
    /// </summary>
    public IceLiteResult HandleRequest(ReadOnlySpan<byte> packet, IPEndPoint source, Span<byte> response, out int responseLength)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (response.Length < MaxResponseLength)
        {
            throw new ArgumentException($"The response buffer must hold {MaxResponseLength} bytes.", nameof(response));
        }

        responseLength = 0;
        if (!StunMessage.TryParse(packet, out var request))
        {
            return IceLiteResult.NoResponse;
        }

        var verdict = IceRequestCheck.Check(request, LocalCredentials.UfragUtf8, remoteUfrag, localKey);
        switch (verdict)
        {
            case IceRequestVerdict.Drop:
                return IceLiteResult.NoResponse;
            case IceRequestVerdict.BadRequest or IceRequestVerdict.Unauthorized:
                var code = verdict == IceRequestVerdict.BadRequest ? StunErrorCode.BadRequest : StunErrorCode.Unauthorized;
                responseLength = IceResponses.WriteError(response, request, code, key: null);
                return IceLiteResult.Rejected;
            case IceRequestVerdict.UnknownAttribute:
                responseLength = IceResponses.WriteError(response, request, StunErrorCode.UnknownAttribute, localKey);
                return IceLiteResult.Rejected;
        }

        // A lite agent is always controlled and cannot switch (RFC 8445 §6.1.1): a peer that also claims to be
        // controlled is told so with 487 and must take the controlling role (RFC 8445 §7.3.1.1).
        if (request.IceControlled is not null)
        {
            responseLength = IceResponses.WriteError(response, request, StunErrorCode.RoleConflict, localKey);
            return IceLiteResult.Rejected;
        }

        var now = timeProvider.GetTimestamp();
        var endpoint = Remember(source, now);
        var result = IceLiteResult.Answered;
        if (request.UseCandidate && !ReferenceEquals(endpoint, selected))
        {
            result = verifySwitches ? BeginVerification(endpoint, now) : Select(endpoint);
        }

        if (ReferenceEquals(endpoint, selected))
        {
            Volatile.Write(ref selectedLastValidCheck, now);
        }

        responseLength = IceResponses.WriteSuccess(response, request, source, localKey);
        return result;
    }

    /// <summary>
    /// True when consent has lapsed: no valid check from the selected endpoint for <see cref="ConsentTimeout"/>, or
    /// — before any nomination — none since the responder was created, so a transport nobody connects to expires too.
    /// </summary>
    public bool IsConsentExpired() => IsConsentExpired(timeProvider.GetTimestamp());

    /// <summary><see cref="IsConsentExpired()"/> at a timestamp of this responder's <see cref="TimeProvider"/>.</summary>
    public bool IsConsentExpired(long nowTimestamp) =>
        timeProvider.GetElapsedTime(Volatile.Read(ref selectedLastValidCheck), nowTimestamp) >= ConsentTimeout;

    /// <summary>
    /// The local ufrag a Binding request is addressed to — the part of its USERNAME before ':' — as a slice of the
    /// datagram, so the server can find the transport a first packet belongs to without allocating. False when the
    /// bytes are not a STUN Binding request with such a USERNAME. Nothing is authenticated here.
    /// </summary>
    public static bool TryReadLocalUfrag(ReadOnlySpan<byte> packet, out ReadOnlySpan<byte> localUfrag)
    {
        localUfrag = default;
        return StunMessage.TryParse(packet, out var request)
            && request.Class == StunClass.Request
            && request.Method == StunMethod.Binding
            && IceRequestCheck.TryReadReceiverUfrag(request.Username, out localUfrag);
    }

    /// <summary>Releases the HMAC keys.</summary>
    public void Dispose()
    {
        localKey.Dispose();
        remoteKey?.Dispose();
    }

    private IceLiteResult Select(IPEndPoint endpoint)
    {
        Volatile.Write(ref selected, endpoint);
        return IceLiteResult.Nominated;
    }

    /// <summary>Records a valid check from <paramref name="source"/> and returns the tracked copy of it.</summary>
    private IPEndPoint Remember(IPEndPoint source, long now)
    {
        if (remotes.TryGetValue(source, out var known))
        {
            known.LastValidCheck = now;
            return known.Endpoint;
        }

        if (remotes.Count >= MaxRemoteEndpoints)
        {
            ForgetStalest();
        }

        var remote = new RemoteEndpoint(new IPEndPoint(source.Address, source.Port), now);
        remotes.Add(remote.Endpoint, remote);
        return remote.Endpoint;
    }

    private void ForgetStalest()
    {
        RemoteEndpoint? stalest = null;
        foreach (var remote in remotes.Values)
        {
            if (!ReferenceEquals(remote.Endpoint, selected) && !ReferenceEquals(remote.Endpoint, pending) && (stalest is null || remote.LastValidCheck < stalest.LastValidCheck))
            {
                stalest = remote;
            }
        }

        if (stalest is not null)
        {
            remotes.Remove(stalest.Endpoint);
        }
    }

    /// <summary>A remote endpoint that sent a valid check: one candidate pair of this lite agent.</summary>
    private sealed class RemoteEndpoint(IPEndPoint endpoint, long lastValidCheck)
    {
        public IPEndPoint Endpoint { get; } = endpoint;

        public long LastValidCheck { get; set; } = lastValidCheck;
    }
}
