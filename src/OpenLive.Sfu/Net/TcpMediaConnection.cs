using System.Net;
using System.Net.Sockets;
using OpenLive.Rtc.Transport;

namespace OpenLive.Sfu.Net;

/// <summary>
/// One accepted ICE-TCP connection (RFC 6544, passive side): RFC 4571 frames in and out, bounded both ways.
/// </summary>
/// <remarks>
/// <para>Receiving: the connection's own async loop reads into the frame reader's bounded buffer. When a complete frame
/// is there it posts <see cref="DrainOnMediaThread"/> (one cached delegate) and waits, without allocating, until the
/// media thread has handed every complete frame to the demultiplexer in place, exactly as it hands UDP datagrams. The
/// reader's buffer is therefore touched by one side at a time (no lock), the media thread's packet path stays
/// lock- and allocation-free, and a client that sends faster than the media thread takes its frames is held back by
/// TCP flow control instead of growing memory. The hand-off wakes the media thread from its poll
/// (<see cref="MediaThreadWaker"/>), so a frame waits for nothing but the thread's current turn: a check's round trip
/// over TCP is measured against UDP in TcpMediaListenerTests.StunCheckOverTcp_IsAnsweredPromptly. Polling every
/// connection's socket on the media thread instead would need a select over a list per turn (allocating) or one epoll
/// set the runtime does not expose.</para>
/// <para>Sending happens on the media thread only (<see cref="MediaPaths"/> moves other threads' sends there): the
/// frame is appended to a bounded per-connection buffer and written with a non-blocking send. What the kernel does not
/// take yet stays buffered and is flushed on the next send or tick; a packet that does not fit is dropped whole, as a
/// full UDP socket drops it, so a slow client can never block the media thread or grow memory.</para>
/// </remarks>
internal sealed class TcpMediaConnection
{
    private readonly Socket _socket;
    private readonly TcpMediaListener _listener;
    private readonly ITcpFrameHandler _handler;
    private readonly Rfc4571FrameReader _reader;
    private readonly byte[] _pending;
    private readonly DrainSignal _drained = new();
    private readonly Action _drain;
    private ITimer? _handshakeDeadline;
    private int _pendingStart;
    private int _pendingEnd;
    private int _closed;
    private volatile bool _validated;

    public TcpMediaConnection(long id, Socket socket, IPEndPoint remote, TcpMediaListener listener, ITcpFrameHandler handler, TcpMediaLimits limits)
    {
        Id = id;
        _socket = socket;
        Remote = remote;
        _listener = listener;
        _handler = handler;
        _reader = new Rfc4571FrameReader(limits.MaxFrameBytes, limits.ReceiveBufferBytes);
        _pending = GC.AllocateArray<byte>(limits.SendBufferBytes, pinned: true);
        Path = TcpPathAddress.Create(remote, id);
        _drain = DrainOnMediaThread;
    }

    public long Id { get; }

    /// <summary>The client's address and port.</summary>
    public IPEndPoint Remote { get; }

    /// <summary>This connection as a path (what the transports route and send to).</summary>
    public SocketAddress Path { get; }

    /// <summary>True once a check on this connection passed for a transport.</summary>
    public bool Validated => _validated;

    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    /// <summary>True while frames wait in the send buffer for the kernel (media thread).</summary>
    public bool HasBacklog => _pendingEnd > _pendingStart;

    /// <summary>Starts receiving; closes the connection if no valid check arrives within <paramref name="handshakeTimeout"/>.</summary>
    public void Start(TimeProvider time, TimeSpan handshakeTimeout)
    {
        _handshakeDeadline = time.CreateTimer(static state => ((TcpMediaConnection)state!).OnHandshakeDeadline(), this, handshakeTimeout, Timeout.InfiniteTimeSpan);
        _ = ReceiveLoopAsync();
    }

    private void OnHandshakeDeadline()
    {
        if (!_validated)
        {
            Close(TcpCloseReason.HandshakeTimeout);
        }
    }

    private async Task ReceiveLoopAsync()
    {
        try
        {
            while (!IsClosed)
            {
                var received = await _socket.ReceiveAsync(_reader.FreeSpace, SocketFlags.None).ConfigureAwait(false);
                if (received == 0)
                {
                    Close(TcpCloseReason.ClosedByClient);
                    return;
                }

                _reader.Commit(received);
                switch (_reader.Peek())
                {
                    case Rfc4571FrameStatus.NeedMore:
                        continue;
                    case Rfc4571FrameStatus.Frame:
                        var drained = _drained.Arm();
                        _listener.PostFrames(_drain);
                        await drained.ConfigureAwait(false);
                        break;
                    default:
                        Close(TcpCloseReason.FramingError);
                        return;
                }
            }
        }
        catch (SocketException)
        {
            Close(TcpCloseReason.ClosedByClient);
        }
        catch (ObjectDisposedException)
        {
            Close(TcpCloseReason.ClosedByClient);
        }
    }

    /// <summary>Hands every complete frame to the demultiplexer (media thread), then lets the receive loop go on.</summary>
    private void DrainOnMediaThread()
    {
        try
        {
            if (IsClosed)
            {
                return;
            }

            Rfc4571FrameStatus status;
            while ((status = _reader.TryRead(out var frame)) == Rfc4571FrameStatus.Frame)
            {
                _handler.OnDatagram(frame, Path);
                if (!_validated && _handler.IsRouted(Path))
                {
                    _validated = true;
                }
            }

            if (status != Rfc4571FrameStatus.NeedMore)
            {
                Close(TcpCloseReason.FramingError);
            }
        }
        finally
        {
            _drained.Set();
        }
    }

    /// <summary>Frames and sends one packet (media thread). False when the connection is closed or its send buffer is full (the packet is dropped).</summary>
    public bool Send(ReadOnlySpan<byte> packet)
    {
        if (IsClosed)
        {
            return false;
        }

        if (_pendingStart > 0 && _pending.Length - _pendingEnd < Rfc4571FrameReader.HeaderLength + packet.Length)
        {
            _pending.AsSpan(_pendingStart, _pendingEnd - _pendingStart).CopyTo(_pending);
            _pendingEnd -= _pendingStart;
            _pendingStart = 0;
        }

        if (!Rfc4571FrameWriter.TryWrite(packet, _pending.AsSpan(_pendingEnd), out var written))
        {
            return false;
        }

        _pendingEnd += written;
        Flush();
        return true;
    }

    /// <summary>Writes what the kernel takes of the send buffer without blocking (media thread). True when nothing is left.</summary>
    public bool Flush()
    {
        try
        {
            while (_pendingStart < _pendingEnd)
            {
                var sent = _socket.Send(_pending.AsSpan(_pendingStart, _pendingEnd - _pendingStart), SocketFlags.None, out var error);
                if (error == SocketError.WouldBlock)
                {
                    return false;
                }

                if (error != SocketError.Success)
                {
                    Close(TcpCloseReason.ClosedByClient);
                    return true;
                }

                _pendingStart += sent;
            }
        }
        catch (ObjectDisposedException)
        {
            return true;
        }

        _pendingStart = _pendingEnd = 0;
        return true;
    }

    /// <summary>Closes the connection (any thread, once); the listener forgets it and the media thread drops its path.</summary>
    public void Close(TcpCloseReason reason)
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }

        _handshakeDeadline?.Dispose();
        // The listener forgets and counts the connection before the client can see it closed: whoever observes the close
        // (a client, a test reading the counters) then finds the bookkeeping done, not racing it.
        _listener.OnClosed(this, reason);
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
        }
        catch (ObjectDisposedException)
        {
        }

        _socket.Dispose();
    }
}
