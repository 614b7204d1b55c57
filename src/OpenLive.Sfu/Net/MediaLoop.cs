using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using OpenLive.Rtc.Transport;

namespace OpenLive.Sfu.Net;

/// <summary>
/// The media thread: the node's UDP sockets (one per bound address) and the dedicated thread that receives,
/// demultiplexes and forwards every packet and runs the periodic work, with no locks on the packet path (mediasoup's
/// worker model). The loop itself is OpenLive.Rtc's <see cref="UdpSocketLoop"/>, the one the client peer connection uses
/// too; this class gives it the SFU's handler, its logging and the short sleep (<see cref="MaxWait"/>) that bounds how
/// late posted control changes run.
/// </summary>
/// <remarks>
/// With several sockets, each datagram's source becomes a <see cref="UdpPathAddress"/> naming its socket, so the
/// transports' paths remember where a client came in and <see cref="Send"/> answers from there.
/// </remarks>
internal sealed partial class MediaLoop : IMediaSocket, IDisposable
{
    /// <summary>Longest the thread sleeps in poll: bounds the delay of posted actions when no packets arrive.</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromMilliseconds(5);

    private readonly UdpSocketLoop _loop;
    private readonly LoopHandler _handler;

    private readonly int _firstIPv4Socket = -1;
    private readonly int _firstIPv6Socket = -1;

    public MediaLoop(IPEndPoint bind, int socketBufferBytes, IDatagramHandler handler, TimeProvider time, ILogger logger)
        : this([bind], socketBufferBytes, handler, time, logger)
    {
    }

    /// <summary>Binds one socket per endpoint, all on the one media thread.</summary>
    /// <exception cref="SocketException">A socket could not be bound (none stays open).</exception>
    public MediaLoop(IReadOnlyList<IPEndPoint> binds, int socketBufferBytes, IDatagramHandler handler, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(binds);
        var options = new UdpSocketLoopOptions
        {
            ThreadName = "openlive-media",
            SocketBufferBytes = socketBufferBytes,
            ReceiveBufferBytes = 2048,
            MaxWait = MaxWait,
        };
        _handler = new LoopHandler(handler, logger, binds.Count > 1 ? [.. binds.Select(b => UdpPathAddress.Create(b.AddressFamily))] : null);
        _loop = new UdpSocketLoop(binds, _handler, time, options);
        for (var i = binds.Count - 1; i >= 0; i--)
        {
            if (binds[i].AddressFamily == AddressFamily.InterNetwork)
            {
                _firstIPv4Socket = i;
            }
            else
            {
                _firstIPv6Socket = i;
            }
        }

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

    /// <summary>Where the first socket is bound (the actual port when 0 was asked for).</summary>
    public IPEndPoint LocalEndPoint => _loop.LocalEndPoint;

    /// <summary>Where each socket is bound, in the configured order.</summary>
    public IReadOnlyList<IPEndPoint> LocalEndPoints => _loop.LocalEndPoints;

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

    /// <summary>The kernel's receive time of the datagram being handled (see <see cref="UdpSocketLoop.CurrentArrival"/>); 0 outside one.</summary>
    public long CurrentArrival => _loop.CurrentArrival;

    /// <summary>
    /// Sends one datagram; safe from any thread. Failures are counted, never thrown. To a <see cref="UdpPathAddress"/>
    /// it leaves from the socket the path came in on; to a plain address, from the first socket of its family.
    /// </summary>
    public void Send(ReadOnlySpan<byte> datagram, SocketAddress to)
    {
        if (UdpPathAddress.TryGetSocket(to, out var socket) && (uint)socket < (uint)_loop.LocalEndPoints.Count)
        {
            _loop.Send(socket, datagram, UdpPathAddress.Plain(to));
            return;
        }

        var first = to.Family == AddressFamily.InterNetworkV6 ? _firstIPv6Socket : _firstIPv4Socket;
        _loop.Send(first < 0 ? 0 : first, datagram, to);
    }

    public void Dispose()
    {
        _loop.Dispose();
        _handler.Waker?.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Media thread: a packet or timer failed; the thread goes on")]
    private static partial void LogLoopError(ILogger logger, Exception exception);

    /// <summary>The loop's callbacks: datagrams and ticks to the SFU's handler, failures to the log.</summary>
    /// <remarks><paramref name="paths"/>: one reused path address per socket when there are several, else null (plain sources).</remarks>
    private sealed class LoopHandler(IDatagramHandler handler, ILogger logger, SocketAddress[]? paths) : IUdpSocketLoopHandler
    {
        public long Failures;

        public MediaThreadWaker? Waker;

        public void OnDatagram(Span<byte> datagram, SocketAddress source) => OnDatagram(datagram, source, 0);

        public void OnDatagram(Span<byte> datagram, SocketAddress source, int socket)
        {
            if (socket == 0 && Waker is { } waker && waker.IsWakeUp(datagram, source))
            {
                return;
            }

            if (paths is null)
            {
                handler.OnDatagram(datagram, source);
            }
            else if (UdpPathAddress.Fill(paths[socket], source, socket))
            {
                handler.OnDatagram(datagram, paths[socket]);
            }
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
