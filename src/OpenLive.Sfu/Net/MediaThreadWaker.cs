using System.Net;
using System.Net.Sockets;

namespace OpenLive.Sfu.Net;

/// <summary>
/// Wakes the media thread from its poll on the UDP socket at once, for work posted from elsewhere that should not wait
/// for the poll's timeout (<see cref="MediaLoop.MaxWait"/>): frames of TCP media connections. It sends one 1-byte
/// datagram from its own socket to the media socket, at most one in flight; the media thread recognises it by its
/// source and drops it before demultiplexing. Without it, a TCP client's packets waited up to 5 ms on an otherwise idle
/// node (a check's round trip: 5.2 ms median over TCP against 0.17 ms over UDP; with it 0.10 ms against 0.07 ms, TcpMediaListenerTests).
/// </summary>
internal sealed class MediaThreadWaker : IDisposable
{
    private static readonly byte[] Ping = [0xFF];
    private readonly Socket _socket;
    private readonly SocketAddress _target;
    private int _pending;

    /// <param name="mediaSocket">Where the media socket is bound (an unspecified address is reached over loopback).</param>
    public MediaThreadWaker(IPEndPoint mediaSocket)
    {
        var address = mediaSocket.Address.Equals(IPAddress.Any) ? IPAddress.Loopback
            : mediaSocket.Address.Equals(IPAddress.IPv6Any) ? IPAddress.IPv6Loopback
            : mediaSocket.Address;
        _socket = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            _socket.Bind(new IPEndPoint(address, 0));
        }
        catch
        {
            _socket.Dispose();
            throw;
        }

        Source = _socket.LocalEndPoint!.Serialize();
        _target = new IPEndPoint(address, mediaSocket.Port).Serialize();
    }

    /// <summary>The address wake-ups come from (the media thread drops datagrams from it).</summary>
    public SocketAddress Source { get; }

    /// <summary>Wakes the media thread (any thread); nothing when a wake-up is already on its way.</summary>
    public void Wake()
    {
        if (Interlocked.Exchange(ref _pending, 1) != 0)
        {
            return;
        }

        try
        {
            _socket.SendTo(Ping, SocketFlags.None, _target);
        }
        catch (SocketException)
        {
            Volatile.Write(ref _pending, 0); // The poll's timeout still runs the work.
        }
        catch (ObjectDisposedException)
        {
            // Stopping.
        }
    }

    /// <summary>True (and the next wake-up may go) when <paramref name="datagram"/> is a wake-up; media thread.</summary>
    public bool IsWakeUp(ReadOnlySpan<byte> datagram, SocketAddress source)
    {
        if (datagram.Length != 1 || !source.Equals(Source))
        {
            return false;
        }

        Volatile.Write(ref _pending, 0);
        return true;
    }

    public void Dispose() => _socket.Dispose();
}
