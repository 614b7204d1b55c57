using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using OpenLive.Rtc.Dtls;
using OpenLive.Rtc.Ice;
using OpenLive.Rtc.Rtcp;
using OpenLive.Rtc.Srtp;
using OpenLive.Rtc.Transport;

namespace OpenLive.Rtc.Client;

/// <summary>
/// A lightweight WebRTC peer connection for clients — the .NET SDK and the load generator — that publish to and
/// subscribe from the OpenLive SFU, and that any standard WebRTC peer accepts: unified-plan SDP with BUNDLE and
/// rtcp-mux on one UDP socket (or, for networks that block UDP, one active ICE-TCP connection, RFC 6544), a full controlling ICE agent (controlled when answering a full agent), DTLS-SRTP in
/// the role the SDP settles, then RTP out with the header extensions negotiated (mid, rid, abs-send-time,
/// transport-cc, audio level) and RTP in per transceiver, with NACK/RTX, PLI/FIR, REMB and sender/receiver reports.
/// </summary>
/// <remarks>
/// <para>Threading model.</para>
/// <list type="bullet">
/// <item><description><b>Receive thread</b> (one per connection, dedicated): polls the socket, receives into one
/// reused buffer and <see cref="SocketAddress"/>, demultiplexes by the first byte (RFC 7983) to ICE, DTLS or SRTP,
/// unprotects in place, resolves the transceiver and invokes <see cref="RtpReceived"/>. It also runs the periodic
/// work every 20 ms: NACKs for missing packets, transport-wide feedback, and the reports every
/// <see cref="RtcClientOptions.ReportInterval"/>. It owns the SRTP receiver, the NACK trackers and the receive
/// statistics, so none of that is locked. <see cref="RtpReceived"/> and <see cref="KeyframeRequested"/> are raised
/// here: handlers must be quick and must not block.</description></item>
/// <item><description><b>ICE-TCP reader threads</b> (<see cref="RtcClientOptions.IceTransports"/> with TCP: one per
/// connection to a passive candidate of the peer, see <see cref="IceTcpConnection"/>): each hands its RFC 4571 frames
/// to the same demultiplexer. With TCP enabled, the receive thread's datagrams and ticks and the readers' frames take
/// turns under one receive lock (uncontended in practice: media arrives on one path), so the receive-side state is
/// still used by one thread at a time.</description></item>
/// <item><description><b>Senders</b>: <see cref="SendRtp"/> and <see cref="RequestKeyframe"/> may be called from any
/// thread. Everything that sends SRTP — those, retransmissions answering NACKs, and reports — takes one send lock,
/// which guards the SRTP sender, the send buffer, sequence numbers and the send history.</description></item>
/// <item><description><b>Control</b>: negotiation (<see cref="CreateOffer"/>, <see cref="SetRemoteAnswer"/>,
/// <see cref="SetRemoteOffer"/>, <see cref="CreateAnswer"/>) takes the connection lock; call it from one thread at a
/// time. The ICE agent's timer and the DTLS handshake thread run beside the receive thread;
/// <see cref="StateChanged"/> and <see cref="Closed"/> may be raised on any of them.</description></item>
/// </list>
/// <para>Per packet, sending and receiving allocate nothing once a stream has started.</para>
/// </remarks>
public sealed partial class RtcClientConnection : IDisposable
{
    /// <summary>Largest RTP payload <see cref="SendRtp"/> takes: with our header, RTX and the SRTP tag it stays under a 1500-byte MTU.</summary>
    public const int MaxPayloadLength = 1300;

    private const int BufferSize = 2048;

    /// <summary>Largest datagram received whole; WebRTC peers send at most about 1200 bytes.</summary>
    private const int ReceiveBufferSize = 4096;

    /// <summary>Longest the receive thread sleeps: nothing is posted to it, so only the 20 ms tick needs it awake.</summary>
    private static readonly TimeSpan MaxLoopWait = TimeSpan.FromMilliseconds(20);

    private static readonly Lazy<DtlsCertificate> SharedCertificate = new(() => DtlsCertificate.Create("OpenLive client"));

    private readonly RtcClientOptions _options;
    private readonly TimeProvider _time;

    /// <summary>What may be resent to the peer in answer to its NACKs: one budget for all our send streams.</summary>
    internal RetransmissionBudget RetransmissionBudget { get; }
    private readonly long _createdAt;
    private readonly DtlsCertificate _certificate;
    private readonly UdpSocketLoop _socket;
    private readonly LocalTransport _localTransport;
    private readonly string _cname;
    private readonly byte[] _cnameBytes;
    private readonly string _streamId;
    private readonly uint _rtcpSsrc;
    private readonly Lock _gate = new();
    private readonly Lock _sendGate = new();

    /// <summary>Taken by whichever thread handles received packets or the tick, when ICE-TCP readers run beside the receive thread.</summary>
    private readonly Lock _receiveGate = new();
    private readonly List<RtcTransceiver> _transceivers = [];
    private readonly TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _closing = new();
    private RtcConnectionState _state;
    private bool _closed;

    /// <summary>Opens the connection's UDP socket on <see cref="RtcClientOptions.LocalAddress"/> and starts its receive thread.</summary>
    /// <exception cref="ArgumentException">Unusable options.</exception>
    /// <exception cref="SocketException">The socket could not be bound.</exception>
    public RtcClientConnection(RtcClientOptions? options = null)
    {
        _options = options ?? new RtcClientOptions();
        _options.Validate();
        _time = _options.TimeProvider;
        _createdAt = _time.GetTimestamp();
        RetransmissionBudget = new RetransmissionBudget(_options.RetransmitPacketsPerSecond, _options.RetransmitBytesPerSecond, _time);
        _certificate = _options.Certificate ?? SharedCertificate.Value;
        _cname = _options.Cname ?? RandomNumberGenerator.GetHexString(16, lowercase: true);
        _cnameBytes = Encoding.ASCII.GetBytes(_cname);
        _streamId = Guid.NewGuid().ToString("D");
        _rtcpSsrc = SendStream.RandomSsrc();
        _feedbackChannel = new FeedbackChannel(this);

        // RFC 3550 §6.3.5 randomizes report times by 0.5..1.5 so peers do not synchronize; a client has few peers, ±20 % will do.
        _reportSchedule = new RtcpReportScheduler(_options.ReportInterval, randomization: 0.2);
        // The loop ticks on the system clock whatever the connection's TimeProvider: NACK, feedback and report timing
        // follow real packets on a real socket; the TimeProvider stamps what the reports say.
        _socket = new UdpSocketLoop(
            new IPEndPoint(_options.LocalAddress, 0),
            new LoopHandler(this),
            TimeProvider.System,
            new UdpSocketLoopOptions { ThreadName = "OpenLive RTC client", SocketBufferBytes = _options.SocketBufferSize, ReceiveBufferBytes = ReceiveBufferSize, MaxWait = MaxLoopWait });
        // With TCP only, the UDP socket still runs the receive thread's tick (NACKs, feedback, reports) but is no candidate.
        _localTransport = new LocalTransport(IceCredentials.Generate(), _certificate.SdpFingerprint, _socket.LocalEndPoint, _options.IceTransports);
        _socket.Start();
    }

    /// <summary>Raised on every state change, on the thread that made it (the ICE timer, DTLS, the receive thread or a caller).</summary>
    public event EventHandler<RtcConnectionState>? StateChanged;

    /// <summary>Raised once when the connection fails or is closed.</summary>
    public event EventHandler<RtcClosedEventArgs>? Closed;

    /// <summary>Every RTP packet received on a transceiver, on the receive thread (see <see cref="RtpPacketHandler"/>).</summary>
    public event RtpPacketHandler? RtpReceived;

    /// <summary>The peer asked for a keyframe (PLI or FIR); raised on the receive thread. The media source should send one.</summary>
    public event EventHandler<RtcKeyframeRequestedEventArgs>? KeyframeRequested;

    /// <summary>The UDP socket's address: our UDP host candidate (not signaled when <see cref="RtcClientOptions.IceTransports"/> is TCP only).</summary>
    public IPEndPoint LocalEndPoint => _socket.LocalEndPoint;

    /// <summary>Our ICE ufrag and password, as our SDP carries them.</summary>
    public IceCredentials LocalIceCredentials => _localTransport.Ice;

    /// <summary>The RTCP CNAME of everything we send.</summary>
    public string Cname => _cname;

    /// <summary>Where the connection is.</summary>
    public RtcConnectionState State
    {
        get
        {
            lock (_gate)
            {
                return _state;
            }
        }
    }

    /// <summary>The m-lines, in SDP order.</summary>
    public IReadOnlyList<RtcTransceiver> Transceivers
    {
        get
        {
            lock (_gate)
            {
                return [.. _transceivers];
            }
        }
    }

    /// <summary>Datagrams received on the socket, all kinds.</summary>
    public long DatagramsReceived => _socket.DatagramsReceived;

    /// <summary>Datagrams or ticks whose handling threw on the receive thread: a bug, counted so tests can see it.</summary>
    internal long ReceiveFailures => _socket.HandlerFailures;

    /// <summary>Completes when the connection is <see cref="RtcConnectionState.Connected"/>; fails with <see cref="RtcConnectionException"/> if it fails or closes first.</summary>
    public Task ConnectedAsync(CancellationToken cancellationToken = default) => _connected.Task.WaitAsync(cancellationToken);

    /// <summary>Closes the connection: DTLS close_notify to the peer, ICE stopped, socket closed. Idempotent.</summary>
    public void Close() => Shutdown(RtcConnectionState.Closed, "closed locally");

    /// <summary>Closes the connection (see <see cref="Close"/>) and releases its keys.</summary>
    /// <remarks>
    /// The closing token's source is not disposed: a shutdown that began on another thread (a DTLS alert, ICE failure)
    /// may still be about to cancel it, or a TCP connect to read its token, when this returns — disposing it under them
    /// threw ObjectDisposedException on a pool thread and ended the process. It has no timer and its wait handle is
    /// never asked for, so there is nothing to release.
    /// </remarks>
    public void Dispose() => Close();

    private TimeSpan Elapsed => _time.GetElapsedTime(_createdAt);

    /// <summary>Moves to <paramref name="next"/> unless closed; raises <see cref="StateChanged"/> outside the lock.</summary>
    private void SetState(RtcConnectionState next)
    {
        lock (_gate)
        {
            if (_closed || _state == next)
            {
                return;
            }

            _state = next;
        }

        if (next == RtcConnectionState.Connected)
        {
            _connected.TrySetResult();
        }

        StateChanged?.Invoke(this, next);
    }

    /// <summary>Ends the connection once, as <see cref="RtcConnectionState.Closed"/> or <see cref="RtcConnectionState.Failed"/>.</summary>
    private void Shutdown(RtcConnectionState final, string reason)
    {
        DtlsTransport? dtls;
        IceAgent? ice;
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }

            _closed = true;
            _state = final;
            dtls = _dtls;
            ice = _ice;
        }

        _closing.Cancel();
        dtls?.Close();
        ice?.Dispose();
        CloseTcpPaths();
        _socket.Dispose();
        dtls?.Dispose();
        lock (_sendGate)
        {
            _srtpSender?.Dispose();
            _srtpSender = null;
            _remote = null;
        }

        _connected.TrySetException(new RtcConnectionException($"The connection {(final == RtcConnectionState.Failed ? "failed" : "closed")}: {reason}."));
        StateChanged?.Invoke(this, final);
        Closed?.Invoke(this, new RtcClosedEventArgs(final, reason));
    }

    /// <summary>The socket loop's callbacks, kept off the public surface.</summary>
    private sealed class LoopHandler(RtcClientConnection owner) : IUdpSocketLoopHandler
    {
        public void OnDatagram(Span<byte> datagram, SocketAddress source)
        {
            if (!owner.TcpAllowed)
            {
                owner.OnDatagram(datagram, source);
                return;
            }

            lock (owner._receiveGate)
            {
                owner.OnDatagram(datagram, source);
            }
        }

        public long OnTick(long now)
        {
            if (!owner.TcpAllowed)
            {
                return now + (long)(owner.OnTick().TotalSeconds * TimeProvider.System.TimestampFrequency);
            }

            // What a slow TCP connection's kernel buffer did not take yet goes out now, if it can.
            owner._tcpPath?.Flush();
            TimeSpan next;
            lock (owner._receiveGate)
            {
                next = owner.OnTick();
            }

            return now + (long)(next.TotalSeconds * TimeProvider.System.TimestampFrequency);
        }

        public void OnFailure(Exception exception)
        {
            // Counted by the loop (ReceiveFailures); the client library has no logger of its own.
        }

        public void OnStopped() => owner.OnLoopStopped();
    }
}
