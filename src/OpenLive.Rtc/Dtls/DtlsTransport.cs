using BcDtlsTransport = Org.BouncyCastle.Tls.DtlsTransport;

namespace OpenLive.Rtc.Dtls;

/// <summary>
/// One peer connection's DTLS-SRTP association (RFC 5764) over BouncyCastle's DTLS 1.2: runs the handshake in the
/// given role, verifies the peer's certificate against its SDP fingerprint, and yields the SRTP keys. SRTP itself
/// never goes through here; DTLS stays alive only to answer handshake retransmissions and to notice close_notify.
/// </summary>
/// <remarks>
/// <para>Threading model.</para>
/// <list type="bullet">
/// <item><description><b>Handshake thread.</b> <see cref="StartAsync"/> starts one dedicated background thread that runs
/// BouncyCastle's blocking Accept/Connect; it blocks on the receive queue, sends through the
/// <see cref="IDtlsDatagramSender"/>, and exits when the handshake ends. Thread-pool threads never block on a
/// handshake.</description></item>
/// <item><description><b>Receivers.</b> <see cref="Enqueue"/> may be called from any thread, concurrently, at any time
/// (even before <see cref="StartAsync"/>, so an early ClientHello is kept). It copies the datagram into a bounded
/// queue and never blocks; a full queue drops (DTLS retransmits).</description></item>
/// <item><description><b>Record pump.</b> After the handshake, a datagram that arrives schedules a short work item on
/// the thread pool that feeds the queue to BouncyCastle (which resends our last flight if the peer repeats its own,
/// and processes alerts), blocking at most a millisecond after the queue empties. At most one runs at a
/// time.</description></item>
/// <item><description><b>Control.</b> <see cref="Close"/> and <see cref="Dispose"/> may be called from any thread,
/// any number of times; they take the lock that serialises all use of BouncyCastle's record layer after the
/// handshake. The handshake timeout and the start token's cancellation fire on timer / canceller
/// threads.</description></item>
/// <item><description><b>Completion and events.</b> The task from <see cref="StartAsync"/> completes on the handshake
/// thread with continuations forced asynchronous. <see cref="Closed"/> is raised once, on the record pump's thread
/// (peer close or alert) or on the thread that called <see cref="Close"/>; handlers must not throw or block.</description></item>
/// </list>
/// </remarks>
public sealed partial class DtlsTransport : IDisposable
{
    private const int HandshakeThreadStackSize = 256 * 1024;

    private readonly object _gate = new();
    private readonly DatagramLink _link;
    private readonly DtlsPeerContext _context;
    private readonly RecordPump _pump;
    private readonly TaskCompletionSource<DtlsHandshakeResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile DtlsTransportState _state;
    private BcDtlsTransport? _established;
    private DtlsFailureReason? _abortReason;
    private CancellationToken _startToken;
    private CancellationTokenRegistration _cancellation;
    private ITimer? _timeoutTimer;
    private bool _disposed;
    private int _closedRaised;
    private long _rejected;

    /// <summary>Creates a transport; nothing is sent until <see cref="StartAsync"/>.</summary>
    /// <param name="role">Client (<c>a=setup:active</c>) or server (<c>a=setup:passive</c>).</param>
    /// <param name="certificate">Our certificate, normally the one process-wide instance.</param>
    /// <param name="remoteFingerprints">The fingerprints from the peer's SDP (at least one); its certificate must match them.</param>
    /// <param name="sender">Where outgoing datagrams go.</param>
    /// <param name="options">Tuning; <see cref="DtlsTransportOptions.Default"/> when null.</param>
    public DtlsTransport(
        DtlsRole role,
        DtlsCertificate certificate,
        IReadOnlyList<DtlsFingerprint> remoteFingerprints,
        IDtlsDatagramSender sender,
        DtlsTransportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(remoteFingerprints);
        ArgumentNullException.ThrowIfNull(sender);
        if (!Enum.IsDefined(role))
        {
            throw new ArgumentOutOfRangeException(nameof(role), role, "Unknown DTLS role.");
        }

        if (remoteFingerprints.Count == 0)
        {
            throw new ArgumentException("The peer's SDP must provide at least one fingerprint.", nameof(remoteFingerprints));
        }

        for (var i = 0; i < remoteFingerprints.Count; i++)
        {
            ArgumentNullException.ThrowIfNull(remoteFingerprints[i], nameof(remoteFingerprints));
        }

        options ??= DtlsTransportOptions.Default;
        options.Validate();
        Role = role;
        LocalCertificate = certificate;
        _link = new DatagramLink(sender, options.Mtu, options.ReceiveQueueCapacity);
        _context = new DtlsPeerContext(role, certificate, [.. remoteFingerprints], options, _link);
        _pump = new RecordPump(this);
    }

    /// <summary>Raised once when a connected association ends: peer close_notify or fatal alert, or our <see cref="Close"/>.</summary>
    public event EventHandler<DtlsClosedEventArgs>? Closed;

    /// <summary>Our role in the handshake.</summary>
    public DtlsRole Role { get; }

    /// <summary>The certificate we present.</summary>
    public DtlsCertificate LocalCertificate { get; }

    /// <summary>Where the transport is in its life.</summary>
    public DtlsTransportState State => _state;

    /// <summary>Received datagrams not handed to DTLS (not DTLS records, oversized, queue full, or after close) plus sends that failed.</summary>
    public long DroppedDatagrams => Interlocked.Read(ref _rejected) + _link.Dropped;

    /// <summary>
    /// Starts the handshake on its own thread. The task completes with the SRTP keys, or fails with a
    /// <see cref="DtlsHandshakeException"/> (timeout, fingerprint mismatch, no common SRTP profile, alert, abort), or is
    /// canceled when <paramref name="cancellationToken"/> fires first. Call once.
    /// </summary>
    /// <exception cref="InvalidOperationException">Already started or closed.</exception>
    /// <exception cref="ObjectDisposedException">Disposed.</exception>
    public Task<DtlsHandshakeResult> StartAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_state != DtlsTransportState.New)
            {
                throw new InvalidOperationException($"The DTLS transport cannot start from state {_state}.");
            }

            _state = DtlsTransportState.Connecting;
            _startToken = cancellationToken;
        }

        _timeoutTimer = _context.Options.TimeProvider.CreateTimer(
            static state => ((DtlsTransport)state!).Abort(DtlsFailureReason.Timeout),
            this,
            _context.Options.HandshakeTimeout,
            Timeout.InfiniteTimeSpan);
        _cancellation = cancellationToken.UnsafeRegister(static state => ((DtlsTransport)state!).Abort(DtlsFailureReason.Aborted), this);

        var thread = new Thread(static state => ((DtlsTransport)state!).RunHandshake(), HandshakeThreadStackSize)
        {
            IsBackground = true,
            Name = Role == DtlsRole.Server ? "DTLS server handshake" : "DTLS client handshake",
        };
        thread.Start(this);
        return _completion.Task;
    }

    /// <summary>
    /// Hands in one datagram received from the peer (the owner demultiplexes DTLS from STUN and SRTP by the first byte,
    /// RFC 7983). Copied; never blocks; anything that does not start with a DTLS record header is dropped here.
    /// </summary>
    public void Enqueue(ReadOnlySpan<byte> datagram)
    {
        if (!DtlsRecordHeader.TryRead(datagram, out _))
        {
            Interlocked.Increment(ref _rejected);
            return;
        }

        if (_link.TryEnqueue(datagram) && _state == DtlsTransportState.Connected)
        {
            _pump.Schedule();
        }
    }

    /// <summary>
    /// Ends the association: when connected, sends close_notify and raises <see cref="Closed"/>; during the handshake,
    /// aborts it (the start task fails with <see cref="DtlsFailureReason.Aborted"/>). Idempotent.
    /// </summary>
    public void Close()
    {
        var abort = false;
        var closedConnected = false;
        lock (_gate)
        {
            switch (_state)
            {
                case DtlsTransportState.New:
                    _state = DtlsTransportState.Closed;
                    break;
                case DtlsTransportState.Connecting:
                    abort = true;
                    break;
                case DtlsTransportState.Connected:
                    _state = DtlsTransportState.Closed;

                    // BouncyCastle sends close_notify, then closes the link; it swallows send errors.
                    _established?.Close();
                    _established = null;
                    closedConnected = true;
                    break;
                default:
                    return;
            }
        }

        if (abort)
        {
            Abort(DtlsFailureReason.Aborted);
            return;
        }

        _link.Close();
        if (closedConnected)
        {
            RaiseClosed(DtlsCloseReason.Local, null);
        }
    }

    /// <summary>Closes (see <see cref="Close"/>) and releases the queued buffers. Returns without waiting for the handshake thread, which exits within milliseconds.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
        }

        Close();
    }

    /// <summary>Ends a running handshake: records why, then closes the link so the blocked handshake thread wakes and fails.</summary>
    private void Abort(DtlsFailureReason reason)
    {
        lock (_gate)
        {
            if (_state != DtlsTransportState.Connecting || _abortReason is not null)
            {
                return;
            }

            _abortReason = reason;
        }

        _link.Close();
    }

    private void RaiseClosed(DtlsCloseReason reason, byte? alert)
    {
        if (Interlocked.Exchange(ref _closedRaised, 1) == 0)
        {
            Closed?.Invoke(this, new DtlsClosedEventArgs(reason, alert));
        }
    }
}
