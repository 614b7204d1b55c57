using System.Net;
using System.Net.Sockets;
using OpenLive.Rtc.Transport;

namespace OpenLive.Rtc.Client;

/// <summary>
/// One active ICE-TCP connection (RFC 6544 §7.1): our client's TCP connection to a passive candidate of the peer, set
/// up before the first check on it, carrying STUN, DTLS, SRTP and SRTCP in RFC 4571 frames
/// (<see cref="Rfc4571FrameReader"/>, <see cref="Rfc4571FrameWriter"/>).
/// </summary>
/// <remarks>
/// <para>Receiving: a dedicated reader thread per connection polls the (non-blocking) socket, reads into the frame
/// reader's bounded buffer and hands every complete frame to the owner in place (<see cref="IIceTcpFrameSink"/>).
/// After a framing error (zero-length or oversized prefix) the stream cannot be resynchronised, so the connection
/// closes; so it does at the peer's close or reset. The owner hears of a closed connection once, from the reader.</para>
/// <para>Sending (any thread, under the connection's send lock): the frame is appended to a bounded queue and written
/// with a non-blocking send. What the kernel does not take yet stays queued and is flushed on the next send or by
/// <see cref="Flush"/> (the owner's 20 ms tick); a packet that does not fit the queue is dropped whole and counted —
/// as a full UDP socket drops a datagram — so a slow network never blocks a sender or grows memory. Nothing is
/// allocated per packet either way.</para>
/// </remarks>
internal sealed class IceTcpConnection : IDisposable
{
    /// <summary>Largest frame taken from the peer: the SFU sends at most about 1500 bytes.</summary>
    public const int MaxFrameLength = 4096;

    /// <summary>The reader's buffer: room for many frames per read at video rates.</summary>
    private const int ReceiveBufferSize = 64 * 1024;

    /// <summary>How long the reader's poll waits before looking whether the connection was closed under it.</summary>
    private const int PollMicroseconds = 200_000;

    private readonly Socket _socket;
    private readonly IIceTcpFrameSink _sink;
    private readonly Rfc4571FrameReader _reader = new(MaxFrameLength, ReceiveBufferSize);
    private readonly byte[] _queue;
    private readonly Lock _sendGate = new();
    private readonly Thread _thread;
    private int _queueStart;
    private int _queueEnd;
    private long _dropped;
    private int _closed;
    private volatile string? _closeReason;

    private IceTcpConnection(int socketId, Socket socket, IPEndPoint remote, IIceTcpFrameSink sink, int sendQueueSize)
    {
        SocketId = socketId;
        _socket = socket;
        _sink = sink;
        Remote = remote;
        RemoteAddress = remote.Serialize();
        LocalEndPoint = (IPEndPoint)socket.LocalEndPoint!;
        _queue = GC.AllocateArray<byte>(sendQueueSize, pinned: true);
        _thread = new Thread(ReadLoop) { IsBackground = true, Name = "OpenLive RTC client ICE-TCP" };
    }

    /// <summary>The id the ICE agent knows this connection's local candidate by.</summary>
    public int SocketId { get; }

    /// <summary>The peer's passive candidate this connection reaches.</summary>
    public IPEndPoint Remote { get; }

    /// <summary><see cref="Remote"/> serialized once: the source of every frame received.</summary>
    public SocketAddress RemoteAddress { get; }

    /// <summary>Our end: the address and the ephemeral port the system chose.</summary>
    public IPEndPoint LocalEndPoint { get; }

    /// <summary>Packets dropped because the send queue was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Bytes waiting for the kernel.</summary>
    public int Queued
    {
        get
        {
            lock (_sendGate)
            {
                return _queueEnd - _queueStart;
            }
        }
    }

    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    /// <summary>Why the connection closed, once it has.</summary>
    public string? CloseReason => _closeReason;

    /// <summary>
    /// Opens the connection from <paramref name="localAddress"/> (port chosen by the system) to <paramref name="remote"/>;
    /// not yet reading: call <see cref="Start"/>.
    /// </summary>
    /// <exception cref="SocketException">Refused or unreachable.</exception>
    /// <exception cref="OperationCanceledException">Cancelled or timed out.</exception>
    public static async Task<IceTcpConnection> ConnectAsync(int socketId, IPAddress localAddress, IPEndPoint remote, IIceTcpFrameSink sink, int sendQueueSize, CancellationToken cancellationToken)
    {
        var socket = new Socket(remote.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            socket.Bind(new IPEndPoint(localAddress, 0));
            await socket.ConnectAsync(remote, cancellationToken).ConfigureAwait(false);
            socket.Blocking = false;
            return new IceTcpConnection(socketId, socket, remote, sink, sendQueueSize);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Starts the reader thread.</summary>
    public void Start() => _thread.Start();

    /// <summary>Frames and sends one packet (any thread). False when closed, or dropped because the queue is full.</summary>
    public bool Send(ReadOnlySpan<byte> packet)
    {
        lock (_sendGate)
        {
            if (IsClosed)
            {
                return false;
            }

            FlushLocked();
            var needed = Rfc4571FrameReader.HeaderLength + packet.Length;
            if (_queueStart > 0 && _queue.Length - _queueEnd < needed)
            {
                _queue.AsSpan(_queueStart, _queueEnd - _queueStart).CopyTo(_queue);
                _queueEnd -= _queueStart;
                _queueStart = 0;
            }

            if (!Rfc4571FrameWriter.TryWrite(packet, _queue.AsSpan(_queueEnd), out var written))
            {
                Interlocked.Increment(ref _dropped);
                return false;
            }

            _queueEnd += written;
            FlushLocked();
            return true;
        }
    }

    /// <summary>Writes what the kernel takes of the queue without blocking (any thread).</summary>
    public void Flush()
    {
        lock (_sendGate)
        {
            FlushLocked();
        }
    }

    /// <summary>Closes the connection (any thread, once); the reader thread then tells the owner.</summary>
    public void Close(string reason)
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }

        _closeReason ??= reason;
        _socket.Dispose();
    }

    public void Dispose() => Close("closed locally");

    private void FlushLocked()
    {
        while (_queueStart < _queueEnd && !IsClosed)
        {
            var sent = _socket.Send(_queue.AsSpan(_queueStart, _queueEnd - _queueStart), SocketFlags.None, out var error);
            if (error == SocketError.WouldBlock)
            {
                return;
            }

            if (error != SocketError.Success)
            {
                Close($"sending failed ({error})");
                return;
            }

            _queueStart += sent;
        }

        _queueStart = _queueEnd = 0;
    }

    private void ReadLoop()
    {
        try
        {
            while (!IsClosed)
            {
                if (!_socket.Poll(PollMicroseconds, SelectMode.SelectRead))
                {
                    continue;
                }

                var received = _socket.Receive(_reader.FreeSpace.Span, SocketFlags.None, out var error);
                if (error == SocketError.WouldBlock)
                {
                    continue;
                }

                if (error != SocketError.Success)
                {
                    Close($"the peer reset it ({error})");
                    break;
                }

                if (received == 0)
                {
                    Close("the peer closed it");
                    break;
                }

                _reader.Commit(received);
                if (_sink.OnFrames(this, _reader) is not Rfc4571FrameStatus.NeedMore and var status)
                {
                    Close($"framing error ({status})");
                    break;
                }
            }
        }
        catch (ObjectDisposedException)
        {
            // Closed by another thread while polling.
        }
        catch (SocketException e)
        {
            Close($"the socket failed ({e.SocketErrorCode})");
        }

        Close("closed");
        _sink.OnClosed(this, _closeReason ?? "closed");
    }
}
