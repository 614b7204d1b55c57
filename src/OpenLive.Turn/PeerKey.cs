using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using OpenLive.Rtc.Stun;

namespace OpenLive.Turn;

/// <summary>
/// An IPv4 peer transport address as a value (the relay is IPv4: RFC 8656 lets a server support one family), so the
/// packet path looks peers up without allocating. Read from XOR-PEER-ADDRESS values and from the relay socket's
/// received <see cref="SocketAddress"/>.
/// </summary>
internal readonly record struct PeerKey(uint Address, ushort Port)
{
    /// <summary>The endpoint (allocates; requests and tests only).</summary>
    public IPEndPoint ToEndPoint()
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, Address);
        return new IPEndPoint(new IPAddress(bytes), Port);
    }

    /// <summary>The key of an IPv4 (or IPv4-mapped) endpoint; false for IPv6.</summary>
    public static bool TryFrom(IPEndPoint endpoint, out PeerKey key)
    {
        key = default;
        var address = endpoint.Address.IsIPv4MappedToIPv6 ? endpoint.Address.MapToIPv4() : endpoint.Address;
        if (address.AddressFamily != AddressFamily.InterNetwork)
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[4];
        address.TryWriteBytes(bytes, out _);
        key = new PeerKey(BinaryPrimitives.ReadUInt32BigEndian(bytes), (ushort)endpoint.Port);
        return true;
    }

    /// <summary>
    /// Reads an XOR-PEER-ADDRESS value (the XOR-MAPPED-ADDRESS layout, RFC 8489 §14.2): IPv4 only. Returns
    /// <see cref="PeerRead.Ipv6"/> for a well-formed IPv6 value (443) and <see cref="PeerRead.Malformed"/> for the rest (400).
    /// </summary>
    public static PeerRead TryReadXor(ReadOnlySpan<byte> value, out PeerKey key)
    {
        key = default;
        if (value.Length == StunAddress.IPv6Length && value[1] == 0x02)
        {
            return PeerRead.Ipv6;
        }

        if (value.Length != StunAddress.IPv4Length || value[1] != 0x01)
        {
            return PeerRead.Malformed;
        }

        var port = (ushort)(BinaryPrimitives.ReadUInt16BigEndian(value[2..]) ^ (StunHeader.MagicCookie >> 16));
        var address = BinaryPrimitives.ReadUInt32BigEndian(value[4..]) ^ StunHeader.MagicCookie;
        key = new PeerKey(address, port);
        return PeerRead.Ok;
    }

    /// <summary>Writes this peer as an XOR-PEER-ADDRESS value (8 bytes).</summary>
    public void WriteXor(Span<byte> value)
    {
        value[0] = 0;
        value[1] = 0x01;
        BinaryPrimitives.WriteUInt16BigEndian(value[2..], (ushort)(Port ^ (StunHeader.MagicCookie >> 16)));
        BinaryPrimitives.WriteUInt32BigEndian(value[4..], Address ^ StunHeader.MagicCookie);
    }

    /// <summary>
    /// The key of a received IPv4 socket address, read in place. The sockaddr_in layout (family, then port and address
    /// in network order) is what .NET's <see cref="SocketAddress"/> holds on every platform it runs on.
    /// </summary>
    public static bool TryFrom(SocketAddress address, out PeerKey key)
    {
        key = default;
        if (address.Family != AddressFamily.InterNetwork || address.Size < 8)
        {
            return false;
        }

        var bytes = address.Buffer.Span;
        key = new PeerKey(BinaryPrimitives.ReadUInt32BigEndian(bytes[4..]), BinaryPrimitives.ReadUInt16BigEndian(bytes[2..]));
        return true;
    }
}

