using System.Buffers.Binary;

namespace OpenLive.Rtc.Stun;

/// <summary>
/// The fixed 20-byte STUN header (RFC 8489 §5):
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |0 0|     STUN Message Type     |         Message Length        |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                         Magic Cookie                          |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                                                               |
/// |                     Transaction ID (96 bits)                  |
/// |                                                               |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// The message type interleaves the class bits C1 C0 with the 12 method bits M11..M0:
/// <code>
///   0                 1
///   2  3  4 5 6 7 8 9 0 1 2 3 4 5
///  +--+--+-+-+-+-+-+-+-+-+-+-+-+-+
///  |M |M |M|M|M|C|M|M|M|C|M|M|M|M|
///  |11|10|9|8|7|1|6|5|4|0|3|2|1|0|
///  +--+--+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// The message length counts the attributes only (not the header) and is always a multiple of 4.
/// </summary>
internal static class StunHeader
{
    /// <summary>Bytes in the header.</summary>
    public const int Length = 20;

    /// <summary>The magic cookie that tells RFC 5389+ STUN from everything else on a multiplexed port.</summary>
    public const uint MagicCookie = 0x2112A442;

    /// <summary>Offset of the 96-bit transaction id.</summary>
    public const int TransactionIdOffset = 8;

    /// <summary>Largest message: the 16-bit length field caps the attributes at 65,532 bytes (a multiple of 4).</summary>
    public const int MaxMessageLength = Length + 0xFFFC;

    /// <summary>Packs a class and a 12-bit method into the 14-bit message type.</summary>
    public static ushort EncodeType(StunClass messageClass, StunMethod method)
    {
        var m = (int)method & 0x0FFF;
        var c = (int)messageClass;
        return (ushort)((m & 0x000F) | ((m & 0x0070) << 1) | ((m & 0x0F80) << 2) | ((c & 0b01) << 4) | ((c & 0b10) << 7));
    }

    /// <summary>Splits a 14-bit message type into its class and method.</summary>
    public static void DecodeType(ushort type, out StunClass messageClass, out StunMethod method)
    {
        messageClass = (StunClass)(((type >> 4) & 0b01) | ((type >> 7) & 0b10));
        method = (StunMethod)((type & 0x000F) | ((type >> 1) & 0x0070) | ((type >> 2) & 0x0F80));
    }

    /// <summary>Writes a header with an attribute length of 0 (the writer grows it attribute by attribute).</summary>
    public static void Write(Span<byte> destination, StunClass messageClass, StunMethod method, in StunTransactionId transactionId)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, EncodeType(messageClass, method));
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], 0);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], MagicCookie);
        transactionId.WriteTo(destination[TransactionIdOffset..]);
    }
}
