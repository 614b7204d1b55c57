using System.Diagnostics.CodeAnalysis;
using System.Net;
using OpenLive.Rtc.Dtls;
using OpenLive.Rtc.Ice;
using OpenLive.Rtc.Sdp;
using OpenLive.Rtc.Srtp;

namespace OpenLive.Rtc.Client;

public sealed partial class RtcClientConnection : IIcePacketSender, IDtlsDatagramSender
{
    private RemoteTransport? _remoteTransport;
    private RemoteTransport? _pendingTransport;
    private Sdp.DtlsSetup _answerSetup;
    private volatile IceAgent? _ice;
    private volatile DtlsTransport? _dtls;
    private int _dtlsStarted;

    // Send lock: the SRTP sender and where media goes.
    private SrtpSender? _srtpSender;
    private volatile SocketAddress? _remote;

    // Written once the handshake completes; used by the receive thread only.
    private volatile SrtpReceiver? _srtpReceiver;

    // Where DTLS came from before ICE selected a pair (receive thread writes, DTLS sender reads).
    private volatile SocketAddress? _lastDtlsSource;

    /// <summary>Whether the peer declared <c>a=ice-lite</c> (the SFU does).</summary>
    public bool RemoteIsIceLite => _remoteTransport?.IceLite ?? false;

    /// <summary>Our DTLS role once negotiated: client for <c>a=setup:active</c>, server for passive.</summary>
    public DtlsRole? LocalDtlsRole => _dtls?.Role;

    /// <summary>The SRTP protection profile once connected.</summary>
    public SrtpProfile? SrtpProfile { get; private set; }

    /// <summary>Where media goes, once ICE selected a pair.</summary>
    public IPEndPoint? RemoteEndPoint => _ice?.SelectedPair?.RemoteEndpoint;

    /// <summary>
    /// Adds a candidate the peer trickled (RFC 8838), as its signaling carries it: <c>candidate:…</c>, with or without
    /// <c>a=</c>. False, and ignored, before the remote description, or for what the agent cannot use (TCP, mDNS
    /// <c>.local</c> names, malformed text).
    /// </summary>
    public bool AddRemoteCandidate(string candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        var agent = _ice;
        // ICE-TCP paths are opened to the candidates of the remote description only; a trickled TCP candidate is not used.
        return agent is not null && IceCandidate.TryParse(candidate, out var parsed) && parsed.IsUdp && UdpAllowed && agent.AddRemoteCandidate(parsed);
    }

    /// <summary>The peer has trickled all its candidates (RFC 8838 §4.1): once every pair failed, ICE fails instead of waiting.</summary>
    public void EndOfRemoteCandidates() => _ice?.EndOfRemoteCandidates();

    /// <summary>
    /// Creates the ICE agent and the DTLS transport for the negotiated transport and starts checking (connection lock
    /// held). DTLS starts when ICE connects; SRTP when DTLS completes.
    /// </summary>
    private void StartTransport(RemoteTransport transport, bool controlling, DtlsRole role)
    {
        _remoteTransport = transport;
        var dtls = new DtlsTransport(role, _certificate, transport.UsableFingerprints(), this, _options.Dtls);
        dtls.Closed += OnDtlsClosed;
        var agent = new IceAgent(
            this,
            new IceAgentOptions
            {
                Role = controlling ? IceRole.Controlling : IceRole.Controlled,
                RemoteIsLite = transport.IceLite,
                LocalCredentials = _localTransport.Ice,
                ConnectTimeout = _options.IceConnectTimeout,
                LivenessInterval = _options.LivenessInterval,
                DisconnectedTimeout = _options.DisconnectedTimeout,
            },
            _time);
        agent.StateChanged += OnIceStateChanged;
        _dtls = dtls;
        _ice = agent;
        if (UdpAllowed)
        {
            agent.AddLocalCandidate(_socket.LocalEndPoint, UdpSocketId);
        }

        // RemoteTransport checked the grammar, so the credentials are taken.
        agent.SetRemoteCredentials(transport.Ufrag, transport.Password);
        foreach (var candidate in transport.Candidates)
        {
            // The agent resolves no names: mDNS (.local) candidates are skipped, as RFC 8445 §5.1.1 allows.
            if (UdpAllowed && candidate.IsUdp && candidate.Component == 1 && !candidate.IsMdns)
            {
                agent.AddRemoteCandidate(candidate.ToString());
            }
        }

        if (TcpAllowed)
        {
            var passive = PassiveTcpCandidates(transport);
            _ = Task.Run(() => OpenTcpPathsAsync(passive));
        }

        if (transport.EndOfCandidates)
        {
            agent.EndOfRemoteCandidates();
        }

        _state = RtcConnectionState.Connecting;
        agent.Start();
    }

    /// <summary>
    /// The peer's transport (see <see cref="RemoteTransport.TryRead"/>), with what our full agent needs beyond it:
    /// credentials in RFC 8839's grammar and at least one fingerprint DTLS can check.
    /// </summary>
    private static bool TryReadRemoteTransport(SessionDescription description, MediaDescription section, [NotNullWhen(true)] out RemoteTransport? transport, [NotNullWhen(false)] out string? error)
    {
        if (!RemoteTransport.TryRead(description, section, out transport, out error))
        {
            return false;
        }

        if (!IceCredentials.TryCreate(transport.Ufrag, transport.Password, out _))
        {
            error = "the remote ICE credentials break RFC 8839's grammar (ufrag 4..256, password 22..256 ice-chars)";
        }
        else if (transport.UsableFingerprints().Count == 0)
        {
            error = "the remote description has no usable a=fingerprint (DTLS-SRTP needs one)";
        }

        if (error is not null)
        {
            transport = null;
            return false;
        }

        return true;
    }

    /// <summary>Raises the move to Connecting that <see cref="StartTransport"/> made under the lock, unless it has moved on.</summary>
    private void RaiseConnecting()
    {
        if (State == RtcConnectionState.Connecting)
        {
            StateChanged?.Invoke(this, RtcConnectionState.Connecting);
        }
    }

    private void OnIceStateChanged(object? sender, IceStateChangedEventArgs change)
    {
        switch (change.State)
        {
            case IceConnectionState.Connected:
                if (change.SelectedPair is { } pair)
                {
                    _tcpPath = pair.LocalSocketId == UdpSocketId ? null : FindTcpPath(pair.LocalSocketId);
                    _remote = pair.RemoteEndpoint.Serialize();
                }

                if (Interlocked.Exchange(ref _dtlsStarted, 1) == 0)
                {
                    _ = HandshakeAsync();
                }
                else if (_srtpReceiver is not null)
                {
                    SetState(RtcConnectionState.Connected);
                }

                break;
            case IceConnectionState.Disconnected:
                if (_srtpReceiver is not null)
                {
                    SetState(RtcConnectionState.Disconnected);
                }

                break;
            case IceConnectionState.Failed:
                Shutdown(RtcConnectionState.Failed, "ICE failed (no working candidate pair, or consent expired)");
                break;
        }
    }

    private async Task HandshakeAsync()
    {
        var dtls = _dtls!;
        try
        {
            var result = await dtls.StartAsync(_closing.Token).ConfigureAwait(false);
            var sender = new SrtpSender(result.Keys);
            var receiver = new SrtpReceiver(result.Keys);
            lock (_gate)
            {
                if (_closed)
                {
                    sender.Dispose();
                    receiver.Dispose();
                    return;
                }

                SrtpProfile = result.Profile;
                _srtpReceiver = receiver;
                lock (_sendGate)
                {
                    _srtpSender = sender;
                }
            }

            SetState(RtcConnectionState.Connected);
        }
        catch (OperationCanceledException)
        {
            // Closed during the handshake.
        }
#pragma warning disable CA1031 // Any handshake failure fails the connection, with its reason.
        catch (Exception e)
#pragma warning restore CA1031
        {
            var reason = e is DtlsHandshakeException dtlsError ? $"DTLS handshake failed ({dtlsError.Reason})" : $"DTLS handshake failed ({e.GetType().Name})";
            Shutdown(RtcConnectionState.Failed, reason);
        }
    }

    private void OnDtlsClosed(object? sender, DtlsClosedEventArgs e)
    {
        if (e.Reason != DtlsCloseReason.Local)
        {
            Shutdown(RtcConnectionState.Closed, $"DTLS closed by the peer ({e.Reason})");
        }
    }

    /// <summary>STUN from the ICE agent (under its lock): to the UDP socket, or framed on the ICE-TCP connection it names.</summary>
    void IIcePacketSender.Send(ReadOnlySpan<byte> packet, IPEndPoint remote, int localSocketId)
    {
        if (localSocketId == UdpSocketId)
        {
            _socket.Send(packet, remote);
            return;
        }

        // The agent pairs a TCP connection with the one candidate it reaches (IceAgent.AddLocalTcpCandidate).
        if (FindTcpPath(localSocketId) is { } path && path.Remote.Equals(remote))
        {
            path.Send(packet);
        }
    }

    /// <summary>DTLS records (any thread): to the selected pair, or where the peer's DTLS came from before that.</summary>
    void IDtlsDatagramSender.Send(ReadOnlySpan<byte> datagram)
    {
        var destination = _remote ?? _lastDtlsSource;
        if (destination is not null)
        {
            SendToPeer(datagram, destination);
        }
    }

    /// <summary>A protected packet to the selected pair: framed on its ICE-TCP connection, or a datagram to <paramref name="remote"/>.</summary>
    private void SendToPeer(ReadOnlySpan<byte> packet, SocketAddress remote)
    {
        if (_tcpPath is { } path)
        {
            path.Send(packet);
        }
        else
        {
            _socket.Send(packet, remote);
        }
    }

    /// <summary>The receive thread is exiting: the SRTP receiver was only its to use.</summary>
    private void OnLoopStopped()
    {
        lock (_gate)
        {
            _srtpReceiver?.Dispose();
            _srtpReceiver = null;
        }
    }
}
