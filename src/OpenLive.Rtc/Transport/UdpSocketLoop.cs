using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace OpenLive.Rtc.Transport;

/// <summary>
/// One or more UDP sockets and the dedicated thread that owns them: the thread waits on all of them at once, receives
/// into one pinned buffer and one reused <see cref="SocketAddress"/> per socket, hands each datagram to the handler
/// (with the index of the socket it arrived on), runs the handler's tick when it is due and runs the actions other
/// threads post. Both endpoints use it: the SFU's media sockets per node (mediasoup's worker model: no locks on the
/// packet path; one socket per bound address, as LiveKit's and mediasoup's per-address listen infos) and each client
/// peer connection's socket.
/// </summary>
/// <remarks>
/// <para>Nothing is allocated per datagram: the
/// <see cref="Socket.ReceiveFrom(Span{byte}, SocketFlags, SocketAddress)"/> overload writes the source into the reused
/// address instead of allocating an <see cref="EndPoint"/>; several sockets are waited on with one poll(2)
/// (<see cref="Socket.Select(System.Collections.IList, System.Collections.IList, System.Collections.IList, int)"/> over a
/// reused list), not a thread each.</para>
/// <para>Poll waits are rounded up to whole milliseconds (<see cref="SocketPollTimeout"/>): Linux truncates them, and a
/// wait under 1 ms became poll(0), so an idle loop spun through the last millisecond before each tick.</para>
/// <para>Sends (<see cref="Send(int, ReadOnlySpan{byte}, SocketAddress)"/>) may come from any thread (DTLS handshakes
/// and application senders run elsewhere); the kernel serializes them. A refused send is counted, never thrown, and
/// allocates nothing (<see cref="UdpSocketLoopSendTo"/>), as UDP drops.</para>
/// </remarks>
public sealed class UdpSocketLoop : IDisposable
{
    private readonly Socket[] _sockets;
    private readonly SafeSocketHandle[] _handles;
    private readonly SocketAddress[] _sources;
    private readonly List<Socket> _readable;
    private readonly IUdpSocketLoopHandler _handler;
    private readonly TimeProvider _time;
    private readonly UdpSocketLoopOptions _options;
    private readonly ConcurrentQueue<Action> _posted = new();
    private readonly Thread _thread;
    private readonly byte[] _receiveBuffer;
    private readonly UdpKernelTimestampReceiver? _kernelReceiver;
    private volatile bool _stopping;
    private bool _started;
    private long _received;
    private long _sendFailures;
    private long _handlerFailures;

    /// <summary>Binds one socket (not yet receiving: call <see cref="Start"/>).</summary>
    /// <param name="bind">Address and port to bind; port 0 picks a free one (see <see cref="LocalEndPoint"/>).</param>
    /// <param name="handler">Gets every datagram and tick, on the loop's thread.</param>
    /// <param name="time">The clock ticks are scheduled on (its timestamps are what <see cref="IUdpSocketLoopHandler.OnTick"/> sees).</param>
    /// <param name="options">Buffer sizes, thread name, longest sleep; defaults when null.</param>
    /// <exception cref="SocketException">The socket could not be bound.</exception>
    public UdpSocketLoop(IPEndPoint bind, IUdpSocketLoopHandler handler, TimeProvider time, UdpSocketLoopOptions? options = null)
        : this([bind ?? throw new ArgumentNullException(nameof(bind))], handler, time, options)
    {
    }

    /// <summary>Binds one socket per endpoint, all served by the one thread (not yet receiving: call <see cref="Start"/>).</summary>
    /// <param name="binds">Addresses and ports to bind, in order: socket <c>i</c> is <c>binds[i]</c>. Port 0 picks a free one.</param>
    /// <param name="handler">Gets every datagram (with its socket's index) and tick, on the loop's thread.</param>
    /// <param name="time">The clock ticks are scheduled on.</param>
    /// <param name="options">Buffer sizes, thread name, longest sleep; defaults when null.</param>
    /// <exception cref="SocketException">A socket could not be bound (those already bound are closed).</exception>
    public UdpSocketLoop(IReadOnlyList<IPEndPoint> binds, IUdpSocketLoopHandler handler, TimeProvider time, UdpSocketLoopOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(binds);
        ArgumentOutOfRangeException.ThrowIfZero(binds.Count, nameof(binds));
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentNullException.ThrowIfNull(time);
        _options = options ?? new UdpSocketLoopOptions();
        _options.Validate();
        _handler = handler;
        _time = time;
        _receiveBuffer = GC.AllocateArray<byte>(_options.ReceiveBufferBytes, pinned: true);
        _sockets = new Socket[binds.Count];
        _handles = new SafeSocketHandle[binds.Count];
        _sources = new SocketAddress[binds.Count];
        var bound = new IPEndPoint[binds.Count];
        try
        {
            for (var i = 0; i < binds.Count; i++)
            {
                ArgumentNullException.ThrowIfNull(binds[i]);
                _sockets[i] = Bind(binds[i], _options.SocketBufferBytes);
                _handles[i] = _sockets[i].SafeHandle;
                _sources[i] = new SocketAddress(binds[i].AddressFamily);
                bound[i] = (IPEndPoint)_sockets[i].LocalEndPoint!;
            }
        }
        catch
        {
            foreach (var socket in _sockets)
            {
                socket?.Dispose();
            }

            throw;
        }

        LocalEndPoints = bound;
        _kernelReceiver = UdpKernelTimestampReceiver.TryCreate(_sockets, _receiveBuffer);
        _readable = new List<Socket>(_sockets.Length);
        _thread = new Thread(Run) { IsBackground = true, Name = _options.ThreadName };
    }

    private static Socket Bind(IPEndPoint bind, int bufferBytes)
    {
        var socket = new Socket(bind.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.ReceiveBufferSize = bufferBytes;
            socket.SendBufferSize = bufferBytes;
            if (bind.Address.Equals(IPAddress.IPv6Any))
            {
                // [::] means every interface of both families: one dual-stack socket, whatever the host's
                // bindv6only default. IPv4 sources then arrive as v4-mapped IPv6 addresses (::ffff:a.b.c.d) and are
                // answered in the same form, so routing by source address stays consistent.
                socket.DualMode = true;
            }

            socket.Bind(bind);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Where the first socket is bound (the actual port when 0 was asked for).</summary>
    public IPEndPoint LocalEndPoint => LocalEndPoints[0];

    /// <summary>Where each socket is bound, by socket index.</summary>
    public IReadOnlyList<IPEndPoint> LocalEndPoints { get; }

    /// <summary>Datagrams received, all kinds.</summary>
    public long DatagramsReceived => Volatile.Read(ref _received);

    /// <summary>Sends the kernel refused (buffer full, unreachable, oversized); those datagrams were dropped.</summary>
    public long SendFailures => Interlocked.Read(ref _sendFailures);

    /// <summary>Datagrams or ticks whose handling threw (a bug); the thread carried on.</summary>
    public long HandlerFailures => Interlocked.Read(ref _handlerFailures);

    /// <summary>True on the loop's thread.</summary>
    public bool IsLoopThread => Thread.CurrentThread == _thread;

    /// <summary>Starts the thread.</summary>
    public void Start()
    {
        Volatile.Write(ref _started, true);
        _thread.Start();
    }

    /// <summary>Runs <paramref name="action"/> on the loop's thread soon (in order with other posted actions), at the latest after <see cref="UdpSocketLoopOptions.MaxWait"/>.</summary>
    public void Post(Action action) => _posted.Enqueue(action);

    /// <summary>Sends one datagram from the first socket; safe from any thread. A failure is counted and the datagram dropped.</summary>
    public void Send(ReadOnlySpan<byte> datagram, SocketAddress destination) => Send(0, datagram, destination);

    /// <summary>
    /// Sends one datagram from socket <paramref name="socket"/> (so it leaves from that socket's address: a reply goes out
    /// where its request came in); safe from any thread. A failure is counted, never thrown, and allocates nothing.
    /// </summary>
    public void Send(int socket, ReadOnlySpan<byte> datagram, SocketAddress destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (!UdpSocketLoopSendTo.TrySend(_sockets[socket], _handles[socket], datagram, destination) && !_stopping)
        {
            Interlocked.Increment(ref _sendFailures);
        }
    }

    /// <summary>Sends one datagram to an endpoint from the first socket: for rare sends (STUN to a candidate), since converting the endpoint allocates.</summary>
    public void Send(ReadOnlySpan<byte> datagram, IPEndPoint destination)
    {
        try
        {
            _sockets[0].SendTo(datagram, SocketFlags.None, destination);
        }
        catch (SocketException)
        {
            Interlocked.Increment(ref _sendFailures);
        }
        catch (ObjectDisposedException)
        {
            // Stopping.
        }
    }

    /// <summary>Closes the sockets and waits briefly for the thread (unless called on it).</summary>
    public void Dispose()
    {
        _stopping = true;
        foreach (var socket in _sockets)
        {
            socket.Dispose();
        }

        if (_thread.IsAlive && !IsLoopThread)
        {
            _thread.Join(TimeSpan.FromSeconds(2));
        }

        if (!Volatile.Read(ref _started))
        {
            _kernelReceiver?.Dispose(); // Never started: no thread will free it.
        }
    }

    private void Run()
    {
        try
        {
            Loop();
        }
        finally
        {
            // Freed by the thread that uses it, after its last receive (Dispose may return before the thread ends).
            _kernelReceiver?.Dispose();
            _handler.OnStopped();
        }
    }

    private void Loop()
    {
        var maxWaitTicks = (long)(_options.MaxWait.TotalSeconds * _time.TimestampFrequency);
        var nextTick = _time.GetTimestamp();
        while (!_stopping)
        {
            try
            {
                var now = _time.GetTimestamp();
                var wait = Math.Clamp(nextTick - now, 0, maxWaitTicks);
                Wait(SocketPollTimeout.Microseconds(_time.GetElapsedTime(now, now + wait)));
                RunPosted();
                now = _time.GetTimestamp();
                if (now >= nextTick)
                {
                    nextTick = _handler.OnTick(now);
                }
            }
            catch (ObjectDisposedException) when (_stopping)
            {
                return;
            }
            catch (SocketException) when (_stopping)
            {
                return;
            }
#pragma warning disable CA1031 // The thread must survive a bug in one datagram's handling: it is the sockets' only reader.
            catch (Exception e)
#pragma warning restore CA1031
            {
                Interlocked.Increment(ref _handlerFailures);
                _handler.OnFailure(e);
            }
        }
    }

    /// <summary>Waits up to <paramref name="microseconds"/> for a datagram on any socket, then receives what arrived.</summary>
    private void Wait(int microseconds)
    {
        if (_sockets.Length == 1)
        {
            if (_sockets[0].Poll(microseconds, SelectMode.SelectRead))
            {
                ReceiveBatch(0);
            }

            return;
        }

        // One poll(2) over every socket: Select keeps the readable ones in the (reused) list.
        _readable.Clear();
        _readable.AddRange(_sockets);
        Socket.Select(_readable, null, null, microseconds);
        for (var i = 0; i < _sockets.Length; i++)
        {
            if (_readable.Contains(_sockets[i]))
            {
                ReceiveBatch(i);
            }
        }
    }

    /// <summary>
    /// When the datagram being handled reached its socket, as a timestamp of the loop's clock (kernel receive time,
    /// SO_TIMESTAMPNS); 0 outside a datagram's handling or where the kernel gives none. Read it on the loop thread, in
    /// the handler, for arrival times that must not include the loop's own delays (congestion control feedback).
    /// </summary>
    public long CurrentArrival { get; private set; }

    /// <summary>Whether datagrams carry the kernel's receive time (<see cref="CurrentArrival"/>): 64-bit Linux.</summary>
    public bool HasKernelTimestamps => _kernelReceiver is not null;

    private void ReceiveBatch(int index)
    {
        if (_kernelReceiver is { } receiver)
        {
            ReceiveTimestampedBatch(index, receiver);
            return;
        }

        var socket = _sockets[index];
        var source = _sources[index];
        for (var i = 0; i < _options.MaxBatch; i++)
        {
            int length;
            try
            {
                length = socket.ReceiveFrom(_receiveBuffer, SocketFlags.None, source);
            }
            catch (SocketException)
            {
                // An ICMP error from an earlier send surfaces on the next receive of an unconnected socket on some
                // platforms; nothing to do.
                return;
            }

            Volatile.Write(ref _received, _received + 1);
            if (length > 0)
            {
                _handler.OnDatagram(_receiveBuffer.AsSpan(0, length), source, index);
            }

            if (socket.Available == 0)
            {
                return;
            }
        }
    }

    private void ReceiveTimestampedBatch(int index, UdpKernelTimestampReceiver receiver)
    {
        var handle = _handles[index];
        var source = _sources[index];
        for (var i = 0; i < _options.MaxBatch; i++)
        {
            var length = receiver.Receive(handle, source, out var kernelTimeNs);
            if (length < 0)
            {
                return; // Nothing more queued (or an ICMP error surfaced, as the managed receive would throw).
            }

            Volatile.Write(ref _received, _received + 1);
            if (length == 0)
            {
                continue;
            }

            CurrentArrival = ArrivalOf(kernelTimeNs);
            try
            {
                _handler.OnDatagram(_receiveBuffer.AsSpan(0, length), source, index);
            }
            finally
            {
                CurrentArrival = 0;
            }
        }
    }

    /// <summary>The kernel's receive time (wall clock, ns since the epoch) moved onto the loop's clock: now minus how long ago it was.</summary>
    private long ArrivalOf(long kernelTimeNs)
    {
        var now = _time.GetTimestamp();
        if (kernelTimeNs == 0)
        {
            return now;
        }

        var ageNs = (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) * 100 - kernelTimeNs;
        if (ageNs <= 0 || ageNs > 1_000_000_000)
        {
            return now; // The wall clock was stepped: this datagram's age is unknown.
        }

        return now - ageNs * _time.TimestampFrequency / 1_000_000_000;
    }

    private void RunPosted()
    {
        while (_posted.TryDequeue(out var action))
        {
            action();
        }
    }
}
