using System.Buffers.Binary;

namespace OpenLive.Turn;

/// <summary>
/// The ChannelData message (RFC 8656 §12.4): a 4-byte header instead of a 36-byte Send/Data indication.
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |         Channel Number        |            Length             |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                                                               |
/// /                       Application Data                        /
/// /                                                               /
/// |                                                               |
/// |                               +-------------------------------+
/// |                               |
/// +-------------------------------+
/// </code>
/// Channel numbers are 0x4000..0x4FFF, so the first byte (0x40..0x4F) tells ChannelData from STUN (0x00..0x03) on
/// the same port (RFC 7983). Over TCP the message is padded to a multiple of 4 bytes and the padding is not counted
/// in Length (§12.5); over UDP padding is optional and ignored.
/// </summary>
internal static class ChannelData
{
    /// <summary>Header bytes.</summary>
    public const int HeaderLength = 4;

    /// <summary>Lowest channel number.</summary>
    public const ushort MinChannel = 0x4000;

    /// <summary>Highest channel number (RFC 8656 narrowed RFC 5766's 0x7FFF to 0x4FFF).</summary>
    public const ushort MaxChannel = 0x4FFF;

    /// <summary>True when <paramref name="firstByte"/> starts a ChannelData message.</summary>
    public static bool IsChannelData(byte firstByte) => firstByte is >= 0x40 and <= 0x4F;

    /// <summary>
    /// Reads a ChannelData datagram; false (never an exception) when the channel is out of range or the length runs past
    /// the bytes. Trailing bytes (padding) are allowed.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> message, out ushort channel, out ReadOnlySpan<byte> data)
    {
        channel = 0;
        data = default;
        if (message.Length < HeaderLength)
        {
            return false;
        }

        channel = BinaryPrimitives.ReadUInt16BigEndian(message);
        var length = BinaryPrimitives.ReadUInt16BigEndian(message[2..]);
        if (channel is < MinChannel or > MaxChannel || HeaderLength + length > message.Length)
        {
            return false;
        }

        data = message.Slice(HeaderLength, length);
        return true;
    }

    /// <summary>Bytes a ChannelData message of <paramref name="dataLength"/> takes on a stream (padded to 4).</summary>
    public static int StreamLength(int dataLength) => (HeaderLength + dataLength + 3) & ~3;

    /// <summary>Writes the header for <paramref name="dataLength"/> bytes on <paramref name="channel"/>.</summary>
    public static void WriteHeader(Span<byte> destination, ushort channel, int dataLength)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, channel);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)dataLength);
    }
}
