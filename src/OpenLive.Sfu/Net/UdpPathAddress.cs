using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace OpenLive.Sfu.Net;

/// <summary>
/// A UDP path of a node bound to several addresses, as the transports see it: the client's address and port (so ICE,
/// consent and XOR-MAPPED-ADDRESS see its real endpoint) followed by a marker and the index of the media socket the
/// datagram arrived on. The routing maps then tell apart one client endpoint reaching two server addresses, and a reply
/// goes out of the socket its request came in on (from the address the client sent to: a reply from another address is
/// not a response to its ICE check, and NATs and firewalls drop it). With one socket, paths are plain addresses.
/// </summary>
/// <remarks>
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |        the source's sockaddr (16 bytes IPv4, 28 IPv6)         |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                      marker "UDP#"                            |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                  socket index (big-endian)                    |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// Eight bytes past the sockaddr, where a TCP path (<see cref="TcpPathAddress"/>) has twelve: the two never equal.
/// </remarks>
internal static class UdpPathAddress
{
    private const uint Marker = 0x5544_5023; // "UDP#"
    private const int Extra = 4 + 4;

    [ThreadStatic]
    private static SocketAddress? t_plain;

    /// <summary>A reusable path address for datagrams of a socket of <paramref name="family"/> (filled by <see cref="Fill"/>).</summary>
    public static SocketAddress Create(AddressFamily family) => new(family, PlainSize(family) + Extra);

    /// <summary>Writes into <paramref name="path"/> the path of a datagram from <paramref name="source"/> on socket <paramref name="socket"/>. Allocates nothing.</summary>
    /// <returns>False when the source's size is not its family's (never from the kernel): then the path is unchanged.</returns>
    public static bool Fill(SocketAddress path, SocketAddress source, int socket)
    {
        var plainSize = source.Size;
        if (plainSize != PlainSize(source.Family) || path.Buffer.Length != plainSize + Extra)
        {
            return false;
        }

        var buffer = path.Buffer.Span;
        source.Buffer.Span[..plainSize].CopyTo(buffer);
        BinaryPrimitives.WriteUInt32BigEndian(buffer[plainSize..], Marker);
        BinaryPrimitives.WriteInt32BigEndian(buffer[(plainSize + 4)..], socket);
        path.Size = plainSize + Extra;
        return true;
    }

    /// <summary>True (with the socket index) when <paramref name="address"/> is a UDP path, false for a plain address or a TCP path. Allocates nothing.</summary>
    public static bool TryGetSocket(SocketAddress address, out int socket)
    {
        socket = 0;
        var plainSize = PlainSize(address.Family);
        if (address.Size != plainSize + Extra)
        {
            return false;
        }

        var tail = address.Buffer.Span[plainSize..address.Size];
        if (BinaryPrimitives.ReadUInt32BigEndian(tail) != Marker)
        {
            return false;
        }

        socket = BinaryPrimitives.ReadInt32BigEndian(tail[4..]);
        return true;
    }

    /// <summary>
    /// The client's plain address inside a UDP path, in a per-thread scratch address (valid until this thread's next
    /// call: the send that uses it is synchronous). Allocates only on a thread's first call.
    /// </summary>
    public static SocketAddress Plain(SocketAddress path)
    {
        var plainSize = PlainSize(path.Family);
        var plain = t_plain ??= new SocketAddress(AddressFamily.InterNetworkV6, PlainSize(AddressFamily.InterNetworkV6));
        path.Buffer.Span[..plainSize].CopyTo(plain.Buffer.Span);
        plain.Size = plainSize;
        return plain;
    }

    private static int PlainSize(AddressFamily family) => family == AddressFamily.InterNetworkV6 ? 28 : 16;
}
