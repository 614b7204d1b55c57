using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using OpenLive.Rtc.Transport;

namespace OpenLive.Sfu.Net;

/// <summary>
/// The media thread: one UDP socket, one dedicated thread that receives, demultiplexes and forwards every packet and runs
/// the periodic work, with no locks on the packet path (mediasoup's worker model). Other threads reach it by posting
/// actions (<see cref="Post"/>), which run between datagram batches, at the latest after <see cref="MaxWait"/>.
/// </summary>
/// <remarks>
/// Receives use <see cref="Socket.ReceiveFrom(Span{byte}, SocketFlags, SocketAddress)"/> into one pinned buffer and a
/// reused <see cref="SocketAddress"/>: nothing is allocated per datagram. Sends (<see cref="Send"/>) may come from any
/// thread (DTLS handshakes run elsewhere); the kernel serializes them.
/// </remarks>
internal sealed partial class MediaLoop : IMediaSocket, IDisposable
{
    /// <summary>Longest the thread sleeps in poll: bounds the delay of posted actions when no packets arrive.</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromMilliseconds(5);

    private const int ReceiveBufferSize = 2048;
    private const int MaxBatch = 256;

    private readonly Socket _socket;
    private readonly IDatagramHandler _handler;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConcurrentQueue<Action> _posted = new();
    private readonly Thread _thread;
    private readonly byte[] _receiveBuffer = GC.AllocateArray<byte>(ReceiveBufferSize, pinned: true);
    private readonly SocketAddress _from;
    private volatile bool _stopping;
    private long _nextTick;

    public MediaLoop(IPEndPoint bind, int socketBufferBytes, IDatagramHandler handler, TimeProvider time, ILogger logger)
    {
        _handler = handler;
        _time = time;
        _logger = logger;
        _socket = new Socket(bind.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            _socket.ReceiveBufferSize = socketBufferBytes;
            _socket.SendBufferSize = socketBufferBytes;
            _socket.Bind(bind);
        }
        catch
        {
            _socket.Dispose();
            throw;
        }

        LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
        _from = new SocketAddress(bind.AddressFamily);
        _thread = new Thread(Run) { IsBackground = true, Name = "openlive-media" };
    }

    /// <summary>Where the socket is bound (the actual port when 0 was asked for).</summary>
    public IPEndPoint LocalEndPoint { get; }

    /// <summary>Datagrams received, all kinds.</summary>
    public long DatagramsReceived { get; private set; }

    /// <summary>Sends that the kernel refused (buffer full, unreachable); the packet is dropped.</summary>
    public long SendFailures => Interlocked.Read(ref _sendFailures);

    private long _sendFailures;

    public void Start() => _thread.Start();

    /// <summary>Runs <paramref name="action"/> on the media thread soon (in order with other posted actions).</summary>
    public void Post(Action action) => _posted.Enqueue(action);

    /// <summary>Sends one datagram; safe from any thread. Failures are counted, never thrown.</summary>
    public void Send(ReadOnlySpan<byte> datagram, SocketAddress to)
    {
        try
        {
            _socket.SendTo(datagram, SocketFlags.None, to);
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

    private void Run()
    {
        var maxWaitTicks = (long)(MaxWait.TotalSeconds * _time.TimestampFrequency);
        while (!_stopping)
        {
            try
            {
                var now = _time.GetTimestamp();
                var wait = Math.Clamp(_nextTick - now, 0, maxWaitTicks);
                if (_socket.Poll(SocketPollTimeout.Microseconds(_time.GetElapsedTime(now, now + wait)), SelectMode.SelectRead))
                {
                    ReceiveBatch();
                }

                RunPosted();
                now = _time.GetTimestamp();
                if (now >= _nextTick)
                {
                    _nextTick = _handler.OnTick(now);
                }
            }
            catch (ObjectDisposedException) when (_stopping)
            {
                return;
            }
#pragma warning disable CA1031 // The media thread must survive any bug in one packet's handling; it is logged and counted.
            catch (Exception e)
#pragma warning restore CA1031
            {
                LogLoopError(e);
            }
        }
    }

    private void ReceiveBatch()
    {
        for (var i = 0; i < MaxBatch; i++)
        {
            int received;
            try
            {
                received = _socket.ReceiveFrom(_receiveBuffer, SocketFlags.None, _from);
            }
            catch (SocketException)
            {
                // ICMP errors surface on the next receive of an unconnected socket on some platforms; nothing to do.
                return;
            }

            DatagramsReceived++;
            if (received > 0)
            {
                _handler.OnDatagram(_receiveBuffer.AsSpan(0, received), _from);
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

    public void Dispose()
    {
        _stopping = true;
        _socket.Dispose();
        if (_thread.IsAlive && Thread.CurrentThread != _thread)
        {
            _thread.Join(TimeSpan.FromSeconds(2));
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Media thread: a packet or timer failed; the thread goes on")]
    private partial void LogLoopError(Exception exception);
}
