using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace OpenLive.Sfu.Net;

/// <summary>
/// A TCP media connection as the transports see a path: a <see cref="SocketAddress"/> holding the client's address and
/// port (so ICE, consent and XOR-MAPPED-ADDRESS see its real endpoint) followed by a marker and the connection's id.
/// The routing maps, the ICE path rules and <see cref="IMediaSocket.Send"/> then treat UDP addresses and TCP
/// connections alike, and a TCP path never equals a UDP address (the sizes differ).
/// </summary>
internal static class TcpPathAddress
{
    private const uint Marker = 0x5443_5021; // "TCP!"
    private const int Extra = 4 + 8;
    private const int IPv4Size = 16;
    private const int IPv6Size = 28;

    /// <summary>The path address of connection <paramref name="connectionId"/> from <paramref name="remote"/>.</summary>
    public static SocketAddress Create(IPEndPoint remote, long connectionId)
    {
        var plain = remote.Serialize();
        var address = new SocketAddress(plain.Family, plain.Size + Extra);
        plain.Buffer.Span.CopyTo(address.Buffer.Span);
        var tail = address.Buffer.Span[plain.Size..];
        BinaryPrimitives.WriteUInt32BigEndian(tail, Marker);
        BinaryPrimitives.WriteInt64BigEndian(tail[4..], connectionId);
        return address;
    }

    /// <summary>True (with its connection id) when <paramref name="address"/> is a TCP path, false for a UDP address. Allocates nothing.</summary>
    public static bool TryGetConnectionId(SocketAddress address, out long connectionId)
    {
        connectionId = 0;
        var plainSize = address.Family == AddressFamily.InterNetworkV6 ? IPv6Size : IPv4Size;
        if (address.Size != plainSize + Extra)
        {
            return false;
        }

        var tail = address.Buffer.Span[plainSize..address.Size];
        if (BinaryPrimitives.ReadUInt32BigEndian(tail) != Marker)
        {
            return false;
        }

        connectionId = BinaryPrimitives.ReadInt64BigEndian(tail[4..]);
        return true;
    }
}
