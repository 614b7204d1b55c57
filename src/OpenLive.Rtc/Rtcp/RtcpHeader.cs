using System.Buffers.Binary;

namespace OpenLive.Rtc.Rtcp;

/// <summary>
/// The 4-byte header every RTCP packet starts with (RFC 3550 §6.4.1). The length counts 32-bit words minus one,
/// including the header and any padding.
/// </summary>
/// <remarks>
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |V=2|P| RC/FMT  |      PT       |     length (words - 1)        |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </remarks>
internal static class RtcpHeader
{
    public const int Length = 4;

    /// <summary>The largest packet the 16-bit length field can describe.</summary>
    public const int MaxPacketLength = (ushort.MaxValue + 1) * 4;

    /// <summary>Writes a header for a packet of <paramref name="packetLength"/> bytes (a multiple of 4) without padding.</summary>
    public static void Write(Span<byte> destination, int count, RtcpPacketType type, int packetLength)
    {
        destination[0] = (byte)(0x80 | (count & 0x1F));
        destination[1] = (byte)type;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)((packetLength / 4) - 1));
    }

    /// <summary>Rounds a length up to the 32-bit boundary RTCP packets end on.</summary>
    public static int Align(int length) => (length + 3) & ~3;
}
