using System.Net;
using Microsoft.Extensions.Logging;
using OpenLive.Rtc.Transport;

namespace OpenLive.Sfu.Net;

/// <summary>
/// The media thread: the node's one UDP socket and the dedicated thread that receives, demultiplexes and forwards every
/// packet and runs the periodic work, with no locks on the packet path (mediasoup's worker model). The loop itself is
/// OpenLive.Rtc's <see cref="UdpSocketLoop"/>, the one the client peer connection uses too; this class gives it the
/// SFU's handler, its logging and the short sleep (<see cref="MaxWait"/>) that bounds how late posted control changes run.
/// </summary>
internal sealed partial class MediaLoop : IMediaSocket, IDisposable
{
    /// <summary>Longest the thread sleeps in poll: bounds the delay of posted actions when no packets arrive.</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromMilliseconds(5);

    private readonly UdpSocketLoop _loop;
    private readonly LoopHandler _handler;

    public MediaLoop(IPEndPoint bind, int socketBufferBytes, IDatagramHandler handler, TimeProvider time, ILogger logger)
    {
        var options = new UdpSocketLoopOptions
        {
            ThreadName = "openlive-media",
            SocketBufferBytes = socketBufferBytes,
            ReceiveBufferBytes = 2048,
            MaxWait = MaxWait,
        };
        _handler = new LoopHandler(handler, logger);
        _loop = new UdpSocketLoop(bind, _handler, time, options);
        try
        {
            _handler.Waker = new MediaThreadWaker(_loop.LocalEndPoint);
        }
        catch
        {
            _loop.Dispose();
            throw;
        }
    }

    /// <summary>Runs the media thread's posted work at once instead of after its poll's timeout (any thread).</summary>
    public void Wake() => _handler.Waker?.Wake();

    /// <summary>Where the socket is bound (the actual port when 0 was asked for).</summary>
    public IPEndPoint LocalEndPoint => _loop.LocalEndPoint;

    /// <summary>Datagrams received, all kinds.</summary>
    public long DatagramsReceived => _loop.DatagramsReceived;

    /// <summary>Sends that the kernel refused (buffer full, unreachable); the packet is dropped.</summary>
    public long SendFailures => _loop.SendFailures;

    /// <summary>Packets or timers whose handling threw (each is logged; the thread goes on).</summary>
    public long Failures => Interlocked.Read(ref _handler.Failures);

    /// <summary>True on the media thread.</summary>
    public bool IsMediaThread => _loop.IsLoopThread;

    public void Start() => _loop.Start();

    /// <summary>Runs <paramref name="action"/> on the media thread soon (in order with other posted actions).</summary>
    public void Post(Action action) => _loop.Post(action);

    /// <summary>Sends one datagram; safe from any thread. Failures are counted, never thrown.</summary>
    public void Send(ReadOnlySpan<byte> datagram, SocketAddress to) => _loop.Send(datagram, to);

    public void Dispose()
    {
        _loop.Dispose();
        _handler.Waker?.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Media thread: a packet or timer failed; the thread goes on")]
    private static partial void LogLoopError(ILogger logger, Exception exception);

    /// <summary>The loop's callbacks: datagrams and ticks to the SFU's handler, failures to the log.</summary>
    private sealed class LoopHandler(IDatagramHandler handler, ILogger logger) : IUdpSocketLoopHandler
    {
        public long Failures;

        public MediaThreadWaker? Waker;

        public void OnDatagram(Span<byte> datagram, SocketAddress source)
        {
            if (Waker is { } waker && waker.IsWakeUp(datagram, source))
            {
                return;
            }

            handler.OnDatagram(datagram, source);
        }

        public long OnTick(long now) => handler.OnTick(now);

        public void OnFailure(Exception exception)
        {
            Interlocked.Increment(ref Failures);
            LogLoopError(logger, exception);
        }

        public void OnStopped()
        {
        }
    }
}
