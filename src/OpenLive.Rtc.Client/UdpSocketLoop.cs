using System.Net;
using System.Net.Sockets;

namespace OpenLive.Rtc.Client;

/// <summary>What a <see cref="UdpSocketLoop"/> hands its datagrams and timer ticks to (both on the loop's thread).</summary>
internal interface IUdpLoopHandler
{
    /// <summary>One received datagram; <paramref name="datagram"/> and <paramref name="source"/> are reused after the call.</summary>
    void OnDatagram(Span<byte> datagram, SocketAddress source);

    /// <summary>Periodic work; returns how long until the next tick is wanted.</summary>
    TimeSpan OnTick();

    /// <summary>The thread is exiting: release what only it used.</summary>
    void OnStopped();
}

/// <summary>
/// One UDP socket with a dedicated receive thread: the thread polls, receives into one reused buffer and one reused
/// <see cref="SocketAddress"/> (nothing allocated per datagram), hands each datagram to the handler, and runs the
/// handler's tick when it is due. Sends may come from any thread; the kernel serialises them.
/// </summary>
internal sealed class UdpSocketLoop : IDisposable
{
    /// <summary>Largest datagram received whole; WebRTC peers send at most about 1200 bytes.</summary>
    public const int ReceiveBufferSize = 4096;

    private static readonly TimeSpan MaxWait = TimeSpan.FromMilliseconds(20);

    private readonly Socket _socket;
    private readonly IUdpLoopHandler _handler;
    private readonly Thread _thread;
    private readonly byte[] _buffer = GC.AllocateArray<byte>(ReceiveBufferSize, pinned: true);
    private readonly SocketAddress _source;
    private volatile bool _stopping;
    private long _sendFailures;
    private long _received;
    private long _handlerFailures;

    public UdpSocketLoop(IPAddress localAddress, int socketBufferSize, IUdpLoopHandler handler, string threadName)
    {
        _handler = handler;
        _socket = new Socket(localAddress.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            _socket.ReceiveBufferSize = socketBufferSize;
            _socket.SendBufferSize = socketBufferSize;
            _socket.Bind(new IPEndPoint(localAddress, 0));
        }
        catch
        {
            _socket.Dispose();
            throw;
        }

        LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
        _source = new SocketAddress(localAddress.AddressFamily);
        _thread = new Thread(Run) { IsBackground = true, Name = threadName };
    }

    /// <summary>The bound address and port.</summary>
    public IPEndPoint LocalEndPoint { get; }

    /// <summary>Sends the kernel refused; the datagrams were dropped.</summary>
    public long SendFailures => Interlocked.Read(ref _sendFailures);

    /// <summary>Datagrams received, all kinds.</summary>
    public long DatagramsReceived => Volatile.Read(ref _received);

    /// <summary>Datagrams or ticks whose handling threw (a bug); the thread carried on.</summary>
    public long HandlerFailures => Interlocked.Read(ref _handlerFailures);

    /// <summary>True on the receive thread.</summary>
    public bool IsLoopThread => Thread.CurrentThread == _thread;

    public void Start() => _thread.Start();

    /// <summary>Sends one datagram; any thread. A failure is counted and the datagram dropped, as UDP would.</summary>
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
            // Closing.
        }
    }

    /// <summary>Sends one datagram to an endpoint (STUN, rare: converting the endpoint allocates).</summary>
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
            // Closing.
        }
    }

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
        var nextTick = TimeSpan.Zero;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!_stopping)
        {
            try
            {
                var wait = nextTick - clock.Elapsed;
                wait = wait < TimeSpan.Zero ? TimeSpan.Zero : wait > MaxWait ? MaxWait : wait;
                if (_socket.Poll(Transport.SocketPollTimeout.Microseconds(wait), SelectMode.SelectRead))
                {
                    ReceiveAvailable();
                }

                if (clock.Elapsed >= nextTick)
                {
                    nextTick = clock.Elapsed + _handler.OnTick();
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
#pragma warning disable CA1031 // A bug in one datagram's handling must not kill the connection's only receive thread; it is counted.
            catch (Exception)
#pragma warning restore CA1031
            {
                Interlocked.Increment(ref _handlerFailures);
            }
        }
    }

    private void ReceiveAvailable()
    {
        // Bounded, so a flood cannot starve the tick.
        for (var i = 0; i < 256; i++)
        {
            int length;
            try
            {
                length = _socket.ReceiveFrom(_buffer, SocketFlags.None, _source);
            }
            catch (SocketException)
            {
                // An ICMP error from an earlier send surfaces here on some platforms; nothing to do.
                return;
            }

            Volatile.Write(ref _received, _received + 1);
            if (length > 0)
            {
                _handler.OnDatagram(_buffer.AsSpan(0, length), _source);
            }

            if (_socket.Available == 0)
            {
                return;
            }
        }
    }
}
