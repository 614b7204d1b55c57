using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace OpenLive.Rtc.Stun;

/// <summary>
/// MAPPED-ADDRESS and XOR-MAPPED-ADDRESS values (RFC 8489 §14.1, §14.2):
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |0 0 0 0 0 0 0 0|    Family     |         (X-)Port              |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                 (X-)Address (32 bits or 128 bits)             |
/// |                                                               |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// Family 0x01 is IPv4, 0x02 IPv6. In the XOR form the port is XORed with the cookie's high 16 bits and the
/// address with the cookie (IPv4) or with the cookie followed by the transaction id (IPv6) — exactly the header
/// bytes 4..20, which is why both directions take the header.
/// </summary>
internal static class StunAddress
{
    /// <summary>Value length for an IPv4 address.</summary>
    public const int IPv4Length = 8;

    /// <summary>Value length for an IPv6 address.</summary>
    public const int IPv6Length = 20;

    private const byte FamilyIPv4 = 0x01;
    private const byte FamilyIPv6 = 0x02;

    /// <summary>Value length for <paramref name="address"/> (IPv4-mapped IPv6 addresses are written as IPv4).</summary>
    public static int ValueLength(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetwork || address.IsIPv4MappedToIPv6 ? IPv4Length : IPv6Length;

    /// <summary>
    /// Reads an address value; <paramref name="header"/> is the message's first 20 bytes, used to undo the XOR.
    /// False (never an exception) on a bad family or length.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> value, bool xor, ReadOnlySpan<byte> header, out IPEndPoint? endpoint)
    {
        endpoint = null;
        if (value.Length < 4 || header.Length < StunHeader.Length)
        {
            return false;
        }

        var family = value[1];
        var addressLength = family switch
        {
            FamilyIPv4 when value.Length == IPv4Length => 4,
            FamilyIPv6 when value.Length == IPv6Length => 16,
            _ => 0,
        };
        if (addressLength == 0)
        {
            return false;
        }

        var port = BinaryPrimitives.ReadUInt16BigEndian(value[2..]);
        Span<byte> address = stackalloc byte[16];
        value.Slice(4, addressLength).CopyTo(address);
        if (xor)
        {
            port ^= (ushort)(StunHeader.MagicCookie >> 16);
            var pad = header[4..StunHeader.Length];
            for (var i = 0; i < addressLength; i++)
            {
                address[i] ^= pad[i];
            }
        }

        endpoint = new IPEndPoint(new IPAddress(address[..addressLength]), port);
        return true;
    }

    /// <summary>
    /// Writes the value for <paramref name="endpoint"/> into <paramref name="destination"/> (at least
    /// <see cref="ValueLength"/> bytes) without allocating; returns the bytes written.
    /// </summary>
    public static int Write(Span<byte> destination, IPEndPoint endpoint, bool xor, ReadOnlySpan<byte> header)
    {
        Span<byte> address = stackalloc byte[16];
        if (!endpoint.Address.TryWriteBytes(address, out var written))
        {
            throw new ArgumentException("The address does not fit 16 bytes.", nameof(endpoint));
        }

        // A dual-mode socket reports IPv4 peers as ::ffff:a.b.c.d; the peer knows itself as a.b.c.d.
        var slice = written == 16 && endpoint.Address.IsIPv4MappedToIPv6 ? address[12..16] : address[..written];
        var port = (ushort)endpoint.Port;
        destination[0] = 0;
        destination[1] = slice.Length == 4 ? FamilyIPv4 : FamilyIPv6;
        if (xor)
        {
            port ^= (ushort)(StunHeader.MagicCookie >> 16);
            var pad = header[4..StunHeader.Length];
            for (var i = 0; i < slice.Length; i++)
            {
                slice[i] ^= pad[i];
            }
        }

        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], port);
        slice.CopyTo(destination[4..]);
        return 4 + slice.Length;
    }
}
