using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace OpenLive.Sfu.Net;

/// <summary>
/// The node's TCP media port: passive ICE-TCP (RFC 6544) with RFC 4571 framing, the second way into the same transports
/// as the UDP port (LiveKit's <c>rtc.tcp_port</c>, 7881 by default). Every connection's frames go to the same
/// demultiplexer on the media thread as UDP datagrams (<see cref="TcpMediaConnection"/> says how). A node bound to
/// several addresses listens on each (one listening socket per address, one connection table and one set of caps for
/// all); a connection's frames go back on that connection, so replies leave from the address the client connected to.
/// </summary>
/// <remarks>
/// Bounded for hostile clients: connections in total and per client address are capped at accept (past the cap the
/// connection is closed at once), each has a fixed receive buffer (one maximal frame) and send buffer, a connection
/// with no valid ICE check (a known ufrag and its password's MESSAGE-INTEGRITY) within the handshake deadline is
/// closed, and a framing error closes that connection only.
/// </remarks>
internal sealed partial class TcpMediaListener : IDisposable
{
    private readonly Socket[] _sockets;
    private readonly TcpMediaLimits _limits;
    private readonly ITcpFrameHandler _handler;
    private readonly Action<Action> _post;
    private readonly Action _wake;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<long, TcpMediaConnection> _connections = new();
    private readonly Dictionary<IPAddress, int> _perAddress = [];
    private readonly Lock _admission = new();
    private readonly List<TcpMediaConnection> _backlogged = [];
    private long _nextId;
    private long _accepted;
    private long _refused;
    private long _framingErrors;
    private long _handshakeTimeouts;
    private long _sendDrops;
    private volatile bool _stopping;

    /// <summary>Binds and listens (accepting starts with <see cref="Start"/>).</summary>
    /// <exception cref="SocketException">The port cannot be bound.</exception>
    /// <param name="bind">Address and port; port 0 picks a free one.</param>
    /// <param name="limits">The bounds.</param>
    /// <param name="handler">Gets the frames, on the media thread.</param>
    /// <param name="post">Runs work on the media thread.</param>
    /// <param name="wake">Makes the media thread run posted work now rather than after its poll's timeout.</param>
    /// <param name="time">The clock of handshake deadlines.</param>
    /// <param name="logger">Where connection events go (debug).</param>
    public TcpMediaListener(IPEndPoint bind, TcpMediaLimits limits, ITcpFrameHandler handler, Action<Action> post, Action wake, TimeProvider time, ILogger logger)
        : this([bind], limits, handler, post, wake, time, logger)
    {
    }

    /// <summary>Binds and listens on every endpoint (accepting starts with <see cref="Start"/>).</summary>
    /// <exception cref="SocketException">A port cannot be bound (none stays open).</exception>
    public TcpMediaListener(IReadOnlyList<IPEndPoint> binds, TcpMediaLimits limits, ITcpFrameHandler handler, Action<Action> post, Action wake, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(binds);
        _wake = wake;
        _limits = limits;
        _handler = handler;
        _post = post;
        _time = time;
        _logger = logger;
        _sockets = new Socket[binds.Count];
        try
        {
            for (var i = 0; i < binds.Count; i++)
            {
                // One TCP media port per node (the SDP's TCP candidates share it): when a free port was asked for, the
                // first socket picks it and the others take the same.
                var bind = i > 0 && binds[i].Port == 0 ? new IPEndPoint(binds[i].Address, ((IPEndPoint)_sockets[0].LocalEndPoint!).Port) : binds[i];
                _sockets[i] = Listen(bind);
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

        LocalEndPoints = [.. _sockets.Select(s => (IPEndPoint)s.LocalEndPoint!)];
    }

    private static Socket Listen(IPEndPoint bind)
    {
        var socket = new Socket(bind.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (bind.Address.Equals(IPAddress.IPv6Any))
            {
                // [::] serves IPv4 clients too, as the UDP socket does: they arrive v4-mapped, and the path addresses
                // built from them become plain IPv4 endpoints wherever ICE needs one (SocketAddresses.ToIPEndPoint).
                socket.DualMode = true;
            }

            socket.Bind(bind);
            socket.Listen(128);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Where the first listening socket is bound (the actual port when 0 was asked for).</summary>
    public IPEndPoint LocalEndPoint => LocalEndPoints[0];

    /// <summary>Where each listening socket is bound, in the configured order.</summary>
    public IReadOnlyList<IPEndPoint> LocalEndPoints { get; }

    /// <summary>Connections open now.</summary>
    public int ConnectionCount => _connections.Count;

    /// <summary>Connections accepted within the caps.</summary>
    public long Accepted => Interlocked.Read(ref _accepted);

    /// <summary>Connections closed at accept: over the total or per-address cap.</summary>
    public long Refused => Interlocked.Read(ref _refused);

    /// <summary>Connections closed for a zero or oversized frame length.</summary>
    public long FramingErrors => Interlocked.Read(ref _framingErrors);

    /// <summary>Connections closed for no valid ICE check within the handshake deadline.</summary>
    public long HandshakeTimeouts => Interlocked.Read(ref _handshakeTimeouts);

    /// <summary>Packets dropped on send: the connection's send buffer was full, or the connection is gone.</summary>
    public long SendDrops => Interlocked.Read(ref _sendDrops);

    public void Start()
    {
        foreach (var socket in _sockets)
        {
            _ = AcceptLoopAsync(socket);
        }
    }

    /// <summary>Sends one packet on connection <paramref name="connectionId"/> (media thread); dropped when it is gone or full.</summary>
    public void Send(long connectionId, ReadOnlySpan<byte> packet)
    {
        if (!_connections.TryGetValue(connectionId, out var connection) || !connection.Send(packet))
        {
            Interlocked.Increment(ref _sendDrops);
            return;
        }

        if (connection.HasBacklog && !_backlogged.Contains(connection))
        {
            _backlogged.Add(connection);
        }
    }

    /// <summary>Writes what the kernel now takes of backlogged connections' send buffers (media thread, every tick).</summary>
    public void FlushBacklog()
    {
        for (var i = _backlogged.Count - 1; i >= 0; i--)
        {
            var connection = _backlogged[i];
            if (connection.IsClosed || connection.Flush())
            {
                _backlogged.RemoveAt(i);
            }
        }
    }

    /// <summary>Closes the connection behind a TCP path (the transport it served closed); any thread.</summary>
    public void Close(long connectionId)
    {
        if (_connections.TryGetValue(connectionId, out var connection))
        {
            connection.Close(TcpCloseReason.TransportClosed);
        }
    }

    /// <summary>Hands frames to the media thread and wakes it (a connection's receive loop).</summary>
    internal void PostFrames(Action drain)
    {
        _post(drain);
        _wake();
    }

    private async Task AcceptLoopAsync(Socket listening)
    {
        while (!_stopping)
        {
            Socket accepted;
            try
            {
                accepted = await listening.AcceptAsync().ConfigureAwait(false);
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException) when (!_stopping)
            {
                continue; // The client reset before we took it, or the process is out of descriptors for a moment.
            }
            catch (SocketException)
            {
                return;
            }

            Admit(accepted);
        }
    }

    private void Admit(Socket socket)
    {
        if (socket.RemoteEndPoint is not IPEndPoint remote)
        {
            socket.Dispose();
            return;
        }

        lock (_admission)
        {
            _perAddress.TryGetValue(remote.Address, out var fromAddress);
            if (_stopping || _connections.Count >= _limits.MaxConnections || fromAddress >= _limits.MaxConnectionsPerAddress)
            {
                Interlocked.Increment(ref _refused);
                LogRefused(remote, _connections.Count, fromAddress);
                socket.Dispose();
                return;
            }

            _perAddress[remote.Address] = fromAddress + 1;
            var connection = new TcpMediaConnection(Interlocked.Increment(ref _nextId), socket, remote, this, _handler, _limits);
            _connections[connection.Id] = connection;
            Interlocked.Increment(ref _accepted);
            socket.NoDelay = true; // Media: every frame goes out at once.
            socket.Blocking = false; // Sends from the media thread must never wait for a slow client.
            connection.Start(_time, _limits.HandshakeTimeout);
        }
    }

    /// <summary>A connection closed (any thread): forget it, and drop its path on the media thread.</summary>
    internal void OnClosed(TcpMediaConnection connection, TcpCloseReason reason)
    {
        lock (_admission)
        {
            if (!_connections.TryRemove(connection.Id, out _))
            {
                return;
            }

            if (_perAddress.TryGetValue(connection.Remote.Address, out var fromAddress))
            {
                if (fromAddress <= 1)
                {
                    _perAddress.Remove(connection.Remote.Address);
                }
                else
                {
                    _perAddress[connection.Remote.Address] = fromAddress - 1;
                }
            }
        }

        switch (reason)
        {
            case TcpCloseReason.FramingError:
                Interlocked.Increment(ref _framingErrors);
                break;
            case TcpCloseReason.HandshakeTimeout:
                Interlocked.Increment(ref _handshakeTimeouts);
                break;
        }

        LogClosed(connection.Remote, reason);
        if (!_stopping)
        {
            _post(() => _handler.OnPathClosed(connection.Path));
        }
    }

    public void Dispose()
    {
        _stopping = true;
        foreach (var socket in _sockets)
        {
            socket.Dispose();
        }

        foreach (var connection in _connections.Values)
        {
            connection.Close(TcpCloseReason.ServerStopping);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Media TCP: refused {Remote} ({Open} open, {FromAddress} from its address)")]
    private partial void LogRefused(IPEndPoint remote, int open, int fromAddress);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Media TCP: {Remote} closed ({Reason})")]
    private partial void LogClosed(IPEndPoint remote, TcpCloseReason reason);
}
