using System.Net;

namespace OpenLive.Sfu.Net;

/// <summary>
/// The node's media paths as transports see them (<see cref="IMediaSocket"/>): a packet to a UDP address goes out of
/// the UDP socket, a packet to a TCP path (<see cref="TcpPathAddress"/>) goes framed on that connection. So a
/// transport sends through whichever path its selected ICE pair uses without knowing which kind it is.
/// </summary>
internal sealed class MediaPaths(MediaLoop udp, TcpMediaListener? tcp) : IMediaSocket
{
    public void Send(ReadOnlySpan<byte> datagram, SocketAddress to)
    {
        if (!TcpPathAddress.TryGetConnectionId(to, out var connectionId))
        {
            udp.Send(datagram, to);
            return;
        }

        if (tcp is null)
        {
            return;
        }

        if (udp.IsMediaThread)
        {
            tcp.Send(connectionId, datagram);
            return;
        }

        // TCP connections are written on the media thread only (no lock on their send buffers); the few sends from
        // elsewhere (DTLS handshake flights) are copied there.
        var copy = datagram.ToArray();
        udp.Post(() => tcp.Send(connectionId, copy));
    }

    public void Post(Action action) => udp.Post(action);

    public long CurrentArrival => udp.CurrentArrival;
}
