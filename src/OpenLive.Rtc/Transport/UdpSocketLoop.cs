using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace OpenLive.Rtc.Transport;

/// <summary>
/// One UDP socket and the dedicated thread that owns it: the thread polls, receives into one pinned buffer and one reused
/// <see cref="SocketAddress"/>, hands each datagram to the handler, runs the handler's tick when it is due and runs the
/// actions other threads post. Both endpoints use it: the SFU's one media socket per node (mediasoup's worker model:
/// no locks on the packet path) and each client peer connection's socket.
/// </summary>
/// <remarks>
/// <para>Nothing is allocated per datagram: the
/// <see cref="Socket.ReceiveFrom(Span{byte}, SocketFlags, SocketAddress)"/> overload writes the source into the reused
/// address instead of allocating an <see cref="EndPoint"/>.</para>
/// <para>Poll waits are rounded up to whole milliseconds (<see cref="SocketPollTimeout"/>): Linux truncates them, and a
/// wait under 1 ms became poll(0), so an idle loop spun through the last millisecond before each tick.</para>
/// <para>Sends (<see cref="Send(ReadOnlySpan{byte}, SocketAddress)"/>) may come from any thread (DTLS handshakes and
/// application senders run elsewhere); the kernel serializes them. Failures are counted, never thrown, as UDP drops.</para>
/// </remarks>
public sealed class UdpSocketLoop : IDisposable
{
    private readonly Socket _socket;
    private readonly IUdpSocketLoopHandler _handler;
    private readonly TimeProvider _time;
    private readonly UdpSocketLoopOptions _options;
    private readonly ConcurrentQueue<Action> _posted = new();
    private readonly Thread _thread;
    private readonly byte[] _receiveBuffer;
    private readonly SocketAddress _source;
    private volatile bool _stopping;
    private long _received;
    private long _sendFailures;
    private long _handlerFailures;

    /// <summary>Binds the socket (not yet receiving: call <see cref="Start"/>).</summary>
    /// <param name="bind">Address and port to bind; port 0 picks a free one (see <see cref="LocalEndPoint"/>).</param>
    /// <param name="handler">Gets every datagram and tick, on the loop's thread.</param>
    /// <param name="time">The clock ticks are scheduled on (its timestamps are what <see cref="IUdpSocketLoopHandler.OnTick"/> sees).</param>
    /// <param name="options">Buffer sizes, thread name, longest sleep; defaults when null.</param>
    /// <exception cref="SocketException">The socket could not be bound.</exception>
    public UdpSocketLoop(IPEndPoint bind, IUdpSocketLoopHandler handler, TimeProvider time, UdpSocketLoopOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(bind);
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentNullException.ThrowIfNull(time);
        _options = options ?? new UdpSocketLoopOptions();
        _options.Validate();
        _handler = handler;
        _time = time;
        _receiveBuffer = GC.AllocateArray<byte>(_options.ReceiveBufferBytes, pinned: true);
        _socket = new Socket(bind.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            _socket.ReceiveBufferSize = _options.SocketBufferBytes;
            _socket.SendBufferSize = _options.SocketBufferBytes;
            if (bind.Address.Equals(IPAddress.IPv6Any))
            {
                // [::] means every interface of both families: one dual-stack socket, whatever the host's
                // bindv6only default. IPv4 sources then arrive as v4-mapped IPv6 addresses (::ffff:a.b.c.d) and are
                // answered in the same form, so routing by source address stays consistent.
                _socket.DualMode = true;
            }

            _socket.Bind(bind);
        }
        catch
        {
            _socket.Dispose();
            throw;
        }

        LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
        _source = new SocketAddress(bind.AddressFamily);
        _thread = new Thread(Run) { IsBackground = true, Name = _options.ThreadName };
    }

    /// <summary>Where the socket is bound (the actual port when 0 was asked for).</summary>
    public IPEndPoint LocalEndPoint { get; }

    /// <summary>Datagrams received, all kinds.</summary>
    public long DatagramsReceived => Volatile.Read(ref _received);

    /// <summary>Sends the kernel refused (buffer full, unreachable); those datagrams were dropped.</summary>
    public long SendFailures => Interlocked.Read(ref _sendFailures);

    /// <summary>Datagrams or ticks whose handling threw (a bug); the thread carried on.</summary>
    public long HandlerFailures => Interlocked.Read(ref _handlerFailures);

    /// <summary>True on the loop's thread.</summary>
    public bool IsLoopThread => Thread.CurrentThread == _thread;

    /// <summary>Starts the thread.</summary>
    public void Start() => _thread.Start();

    /// <summary>Runs <paramref name="action"/> on the loop's thread soon (in order with other posted actions), at the latest after <see cref="UdpSocketLoopOptions.MaxWait"/>.</summary>
    public void Post(Action action) => _posted.Enqueue(action);

    /// <summary>Sends one datagram; safe from any thread. A failure is counted and the datagram dropped.</summary>
    public void Send(ReadOnlySpan<byte> datagram, SocketAddress destination)
    {
        try
        {
            _socket.SendTo(datagram, SocketFlags.None, destination);
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

    /// <summary>Sends one datagram to an endpoint: for rare sends (STUN to a candidate), since converting the endpoint allocates.</summary>
    public void Send(ReadOnlySpan<byte> datagram, IPEndPoint destination)
    {
        try
        {
            _socket.SendTo(datagram, SocketFlags.None, destination);
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

    /// <summary>Closes the socket and waits briefly for the thread (unless called on it).</summary>
    public void Dispose()
    {
        _stopping = true;
        _socket.Dispose();
        if (_thread.IsAlive && !IsLoopThread)
        {
            _thread.Join(TimeSpan.FromSeconds(2));
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
                if (_socket.Poll(SocketPollTimeout.Microseconds(_time.GetElapsedTime(now, now + wait)), SelectMode.SelectRead))
                {
                    ReceiveBatch();
                }

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
#pragma warning disable CA1031 // The thread must survive a bug in one datagram's handling: it is the socket's only reader.
            catch (Exception e)
#pragma warning restore CA1031
            {
                Interlocked.Increment(ref _handlerFailures);
                _handler.OnFailure(e);
            }
        }
    }

    private void ReceiveBatch()
    {
        for (var i = 0; i < _options.MaxBatch; i++)
        {
            int length;
            try
            {
                length = _socket.ReceiveFrom(_receiveBuffer, SocketFlags.None, _source);
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
                _handler.OnDatagram(_receiveBuffer.AsSpan(0, length), _source);
            }

            if (_socket.Available == 0)
            {
                return;
            }
        }
    }

    private void RunPosted()
    {
        while (_posted.TryDequeue(out var action))
        {
            action();
        }
    }
}
