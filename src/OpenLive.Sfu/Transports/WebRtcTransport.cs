using System.Net;
using System.Net.Sockets;
using OpenLive.Rtc.Dtls;
using OpenLive.Rtc.Ice;
using OpenLive.Rtc.Srtp;
using OpenLive.Rtc.Transport;
using OpenLive.Sfu.Net;

namespace OpenLive.Sfu.Transports;

/// <summary>
/// The server's end of one WebRTC peer connection: ICE-lite on the node's shared UDP port, DTLS-SRTP, then SRTP and
/// SRTCP in place. It carries packets; what they mean is its <see cref="ITransportSink"/>'s business.
/// </summary>
/// <remarks>
/// Everything but <see cref="Start"/> and the DTLS sender runs on the media thread. DTLS
/// handshakes run on their own thread; their outcome is posted back to the media thread.
/// </remarks>
internal sealed partial class WebRtcTransport : IDtlsDatagramSender, IDisposable
{
    private const int MaxKnownAddresses = IceLiteResponder.MaxRemoteEndpoints;

    private readonly IMediaSocket _socket;
    private readonly DtlsCertificate _certificate;
    private readonly IceLiteResponder _ice;
    private readonly Dictionary<SocketAddress, IPEndPoint> _endpoints = [];
    private readonly byte[] _stunResponse = new byte[IceLiteResponder.MaxResponseLength];
    private readonly byte[] _stunRequest = new byte[IceLiteResponder.MaxRequestLength];
    private DtlsTransport? _dtls;
    private SrtpSender? _srtpSender;
    private SrtpReceiver? _srtpReceiver;
    private volatile SocketAddress? _selected;
    private volatile SocketAddress? _lastDtlsSource;
    private readonly long _createdAt;
    private EarlySrtpPackets? _early;

    public WebRtcTransport(int id, IMediaSocket socket, DtlsCertificate certificate, TimeProvider time)
    {
        Id = id;
        _socket = socket;
        _certificate = certificate;
        Time = time;
        LocalIce = IceCredentials.Generate();
        _ice = new IceLiteResponder(LocalIce, time);
        _createdAt = time.GetTimestamp();
    }

    /// <summary>Node-unique id (logs, stats).</summary>
    public int Id { get; }

    /// <summary>Our ICE credentials, for our SDP.</summary>
    public IceCredentials LocalIce { get; }

    /// <summary>Our certificate's fingerprint, for our SDP.</summary>
    public string LocalFingerprint => _certificate.SdpFingerprint;

    public TimeProvider Time { get; }

    /// <summary>
    /// When the packet being handled reached the node, on <see cref="Time"/>'s clock: the kernel's receive time where the
    /// socket gives one, else now. For arrival times that must not include the media thread's own delays.
    /// </summary>
    public long PacketArrival()
    {
        var arrival = _socket.CurrentArrival;
        return arrival != 0 ? arrival : Time.GetTimestamp();
    }

    /// <summary>Who gets the packets; set once, before the transport is registered with the media thread.</summary>
    public ITransportSink Sink { get; set; } = NullSink.Instance;

    public TransportState State { get; private set; }

    /// <summary>The negotiated SRTP profile once connected.</summary>
    public SrtpProfile? SrtpProfile => _srtpSender?.Profile;

    /// <summary>Bytes an RTP packet grows by when protected (the buffer passed to <see cref="SendRtp(Span{byte}, int)"/> needs this room).</summary>
    public int RtpOverhead => _srtpSender?.RtpOverhead ?? SrtpSender.MaxRtpOverhead;

    /// <summary>Packets dropped because they failed SRTP checks (forged, replayed, or from before the keys).</summary>
    public long SrtpRejected { get; private set; }

    /// <summary>
    /// Applies the remote description's transport parameters and starts DTLS in <paramref name="role"/> (server when
    /// we answered actpass with passive, or the client answered our actpass with active). Any thread.
    /// <paramref name="remotePassword"/> signs our verification requests to a new address once media flows; without it
    /// the address media goes to can no longer change after DTLS completes.
    /// </summary>
    public void Start(string remoteUfrag, string? remotePassword, IReadOnlyList<DtlsFingerprint> remoteFingerprints, DtlsRole role)
    {
        if (!string.IsNullOrEmpty(remotePassword))
        {
            _ice.SetRemoteCredentials(remoteUfrag, remotePassword);
        }
        else
        {
            _ice.SetRemoteUfrag(remoteUfrag);
        }

        var dtls = new DtlsTransport(role, _certificate, remoteFingerprints, this);
        if (Interlocked.CompareExchange(ref _dtls, dtls, null) is not null)
        {
            dtls.Dispose();
            return; // Renegotiation: transport parameters do not change without an ICE restart.
        }

        dtls.Closed += (_, e) => _socket.Post(() => CloseOnMediaThread($"DTLS closed ({e.Reason})"));
        _ = CompleteHandshakeAsync(dtls);
    }

    private async Task CompleteHandshakeAsync(DtlsTransport dtls)
    {
        try
        {
            var result = await dtls.StartAsync().ConfigureAwait(false);
            _socket.Post(() => OnHandshakeDone(result));
        }
#pragma warning disable CA1031 // Any failure closes this transport, with the reason.
        catch (Exception e)
#pragma warning restore CA1031
        {
            var reason = e is DtlsHandshakeException dtlsError ? $"DTLS failed ({dtlsError.Reason})" : $"DTLS failed ({e.GetType().Name})";
            _socket.Post(() => CloseOnMediaThread(reason));
        }
    }

    private void OnHandshakeDone(DtlsHandshakeResult result)
    {
        if (State == TransportState.Closed)
        {
            return;
        }

        _srtpSender = new SrtpSender(result.Keys);
        _srtpReceiver = new SrtpReceiver(result.Keys);
        // DTLS completed with the peer, so the address it used is the peer's: media may go there. From now on a new
        // address must answer our own Binding request first (a check alone cannot prove the source is the peer's).
        var proven = _selected ?? _lastDtlsSource;
        if (proven is not null)
        {
            _selected = proven;
            _ice.RequireVerifiedSwitches(SocketAddresses.ToIPEndPoint(proven));
        }

        State = TransportState.Connected;
        Sink.OnConnected(this);
        if (_early is { } early)
        {
            _early = null;
            for (var i = 0; i < early.Count; i++)
            {
                var packet = early[i];
                OnSrtp(packet, Rtc.Transport.PacketClassifier.IsRtcp(packet));
            }
        }
    }

    /// <summary>
    /// Connects with SRTP keys agreed elsewhere and a fixed remote address, skipping ICE and DTLS: benchmarks and
    /// tests drive the forwarding path with synthetic packets this way.
    /// </summary>
    internal void UseKeys(SrtpKeyingMaterial keys, SocketAddress remote, string? remoteUfrag = null, string? remotePassword = null)
    {
        if (remoteUfrag is not null && remotePassword is not null)
        {
            _ice.SetRemoteCredentials(remoteUfrag, remotePassword);
        }

        _srtpSender = new SrtpSender(keys);
        _srtpReceiver = new SrtpReceiver(keys);
        _selected = SocketAddresses.Copy(remote);
        _endpoints[_selected] = SocketAddresses.ToIPEndPoint(remote);
        _ice.RequireVerifiedSwitches(_endpoints[_selected]);
        State = TransportState.Connected;
    }

    /// <summary>
    /// A STUN request for this transport. Returns true when <paramref name="from"/> passed a check (MESSAGE-INTEGRITY
    /// with our password): only then is the address remembered and routed here. Before DTLS completes a nominating
    /// check selects its source at once (DTLS must then complete from there, so a forged source only fails the
    /// handshake); after, a new source is selected only once it answers our own request (<see cref="OnStunResponse"/>).
    /// </summary>
    public bool OnStun(ReadOnlySpan<byte> packet, SocketAddress from)
    {
        if (State == TransportState.Closed)
        {
            return false;
        }

        var known = _endpoints.TryGetValue(from, out var endpoint);
        if (!known)
        {
            if (_endpoints.Count >= MaxKnownAddresses)
            {
                return false;
            }

            endpoint = SocketAddresses.ToIPEndPoint(from);
        }

        var result = _ice.HandleRequest(packet, endpoint!, _stunResponse, out var length);
        if (length > 0)
        {
            _socket.Send(_stunResponse.AsSpan(0, length), from);
        }

        if (result is not (IceLiteResult.Answered or IceLiteResult.Nominated or IceLiteResult.VerificationPending))
        {
            return false;
        }

        if (!known)
        {
            _endpoints[SocketAddresses.Copy(from)] = endpoint!;
        }

        switch (result)
        {
            case IceLiteResult.Nominated:
                _selected = SocketAddresses.Copy(from);
                break;
            case IceLiteResult.VerificationPending:
                SendVerificationIfDue(Time.GetTimestamp());
                break;
        }

        if (State == TransportState.New)
        {
            State = TransportState.Connecting;
        }

        _selected ??= SocketAddresses.Copy(from);
        return true;
    }

    /// <summary>
    /// A STUN response from an address that passed a check: the answer to our verification request moves media there.
    /// </summary>
    public void OnStunResponse(ReadOnlySpan<byte> packet, SocketAddress from)
    {
        if (State != TransportState.Closed && _endpoints.TryGetValue(from, out var endpoint)
            && _ice.HandleResponse(packet, endpoint) == IceLiteResult.Nominated)
        {
            _selected = SocketAddresses.Copy(from);
        }
    }

    /// <summary>Where media goes now (null before a check selects an address).</summary>
    public SocketAddress? SelectedAddress => _selected;

    /// <summary>Sends the pending verification request when one is due (first at once, then with a doubling timeout).</summary>
    private void SendVerificationIfDue(long now)
    {
        if (_ice.TryWriteVerificationRequest(_stunRequest, now, out var to, out var length)
            && to is not null && AddressOf(to) is { } address)
        {
            _socket.Send(_stunRequest.AsSpan(0, length), address);
        }
    }

    /// <summary>A DTLS datagram for this transport.</summary>
    public void OnDtls(ReadOnlySpan<byte> packet, SocketAddress from)
    {
        if (!from.Equals(_lastDtlsSource))
        {
            _lastDtlsSource = SocketAddresses.Copy(from);
        }

        _dtls?.Enqueue(packet);
    }

    /// <summary>An SRTP or SRTCP datagram for this transport: decrypted in place and handed to the sink.</summary>
    public void OnSrtp(Span<byte> packet, bool isRtcp)
    {
        var receiver = _srtpReceiver;
        if (receiver is null)
        {
            // The peer finished DTLS and started sending before our side of the handshake posted its keys: keep the
            // first packets (a keyframe's) rather than make the subscriber wait for a NACK round or the next keyframe.
            if (State == TransportState.Connecting && _dtls is not null)
            {
                if (!(_early ??= new EarlySrtpPackets()).TryKeep(packet))
                {
                    SrtpRejected++;
                }
            }
            else
            {
                SrtpRejected++;
            }

            return;
        }

        if (isRtcp)
        {
            if (receiver.UnprotectRtcp(packet, packet.Length, out var plain) == SrtpStatus.Ok)
            {
                Sink.OnRtcp(this, packet[..plain]);
                return;
            }
        }
        else if (receiver.UnprotectRtp(packet, packet.Length, out var plain) == SrtpStatus.Ok)
        {
            Sink.OnRtp(this, packet[..plain]);
            return;
        }

        SrtpRejected++;
    }

    /// <summary>
    /// Protects <c>buffer[..length]</c> (plain RTP; the buffer has <see cref="RtpOverhead"/> spare bytes) in place and
    /// sends it. Media thread only. False when not connected.
    /// </summary>
    public bool SendRtp(Span<byte> buffer, int length) => SendRtp(buffer, length, out _);

    /// <summary>As <see cref="SendRtp(Span{byte}, int)"/>; <c>buffer[..protectedLength]</c> then holds the protected packet sent.</summary>
    public bool SendRtp(Span<byte> buffer, int length, out int protectedLength)
    {
        var sender = _srtpSender;
        var to = _selected;
        protectedLength = 0;
        if (sender is null || to is null || sender.ProtectRtp(buffer, length, out protectedLength) != SrtpStatus.Ok)
        {
            return false;
        }

        _socket.Send(buffer[..protectedLength], to);
        _sentPackets++;
        return true;
    }

    /// <summary>
    /// Sends an already protected packet again, unchanged (a retransmission without RTX: AES-GCM must never protect
    /// different bytes under the same SSRC and sequence number, so only the very bytes first sent may go). Media thread only.
    /// </summary>
    public bool SendProtected(ReadOnlySpan<byte> protectedPacket)
    {
        var to = _selected;
        if (_srtpSender is null || to is null)
        {
            return false;
        }

        _socket.Send(protectedPacket, to);
        _sentPackets++;
        return true;
    }

    /// <summary>As <see cref="SendRtp(Span{byte}, int)"/>, for an RTCP compound packet (room for <see cref="SrtpSender.MaxRtcpOverhead"/>).</summary>
    public bool SendRtcp(Span<byte> buffer, int length)
    {
        var sender = _srtpSender;
        var to = _selected;
        if (sender is null || to is null || sender.ProtectRtcp(buffer, length, out var protectedLength) != SrtpStatus.Ok)
        {
            return false;
        }

        _socket.Send(buffer[..protectedLength], to);
        _sentPackets++;
        return true;
    }

    /// <summary>DTLS's outgoing datagrams (any thread): to the selected ICE address, or where DTLS came from before that.</summary>
    void IDtlsDatagramSender.Send(ReadOnlySpan<byte> datagram)
    {
        var to = _selected ?? _lastDtlsSource;
        if (to is not null)
        {
            _socket.Send(datagram, to);
        }
    }

    /// <summary>Periodic checks (media thread): lapsed consent, or never connected within <paramref name="connectTimeout"/>.</summary>
    public void Check(long now, TimeSpan connectTimeout)
    {
        if (State == TransportState.Closed)
        {
            return;
        }

        SendVerificationIfDue(now);
        SendKeepaliveIfQuiet(now);
        if (State != TransportState.Connected && Time.GetElapsedTime(_createdAt, now) > connectTimeout)
        {
            CloseOnMediaThread("ICE/DTLS did not complete in time");
        }
        else if (State == TransportState.Connected && _ice.IsConsentExpired(now))
        {
            CloseOnMediaThread("ICE consent expired");
        }
    }

    /// <summary>Closes the transport (media thread): tells the peer (DTLS close_notify) and the sink.</summary>
    public void CloseOnMediaThread(string reason)
    {
        if (State == TransportState.Closed)
        {
            return;
        }

        State = TransportState.Closed;
        _dtls?.Close();
        Sink.OnClosed(this, reason);
        Dispose();
    }

    /// <summary>
    /// A path closed (a TCP connection): it is no longer known, so it routes nothing and cannot be chosen again. If media
    /// went there, it stays pointed there (packets are dropped) until a check on another path is verified by our own
    /// Binding request, as any switch is, or consent lapses; a dead path never makes an unverified one selected.
    /// </summary>
    public void ForgetPath(SocketAddress path)
    {
        _endpoints.Remove(path);
        if (path.Equals(_lastDtlsSource) && State != TransportState.Connected)
        {
            _lastDtlsSource = null;
        }
    }

    /// <summary>The addresses this transport answered checks from (to unroute them when it closes).</summary>
    public IEnumerable<SocketAddress> KnownAddresses => _endpoints.Keys;

    /// <summary>The remembered socket address of an endpoint the responder names (few entries; no allocation).</summary>
    private SocketAddress? AddressOf(IPEndPoint endpoint)
    {
        foreach (var (address, known) in _endpoints)
        {
            if (known.Equals(endpoint))
            {
                return address;
            }
        }

        return null;
    }

    public void Dispose()
    {
        _dtls?.Dispose();
        _srtpSender?.Dispose();
        _srtpReceiver?.Dispose();
        _ice.Dispose();
    }

    private sealed class NullSink : ITransportSink
    {
        public static readonly NullSink Instance = new();

        public void OnRtp(WebRtcTransport transport, Span<byte> packet)
        {
        }

        public void OnRtcp(WebRtcTransport transport, Span<byte> packet)
        {
        }

        public void OnConnected(WebRtcTransport transport)
        {
        }

        public void OnClosed(WebRtcTransport transport, string reason)
        {
        }
    }
}
