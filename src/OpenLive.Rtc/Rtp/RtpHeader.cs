using System.Buffers.Binary;

namespace OpenLive.Rtc.Rtp;

/// <summary>
/// The values and offsets of one RTP packet's header (RFC 3550 §5.1), read without copying the packet.
/// Offsets index into the span that was parsed, so the packet itself stays the only buffer.
/// </summary>
/// <remarks>
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |V=2|P|X|  CC   |M|     PT      |       sequence number         |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                           timestamp                           |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |           synchronization source (SSRC) identifier            |
/// +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
/// |       contributing source (CSRC) identifiers (CC of them)     |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |  profile (0xBEDE / 0x100x)    |    length (32-bit words)      |  if X = 1 (RFC 3550 §5.3.1)
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                  header extension (length words)              |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                 payload ...   | padding ... | padding count   |  count only if P = 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </remarks>
public readonly struct RtpHeader
{
    /// <summary>Length of the fixed header, before CSRCs and extension.</summary>
    public const int FixedLength = 12;

    /// <summary>The only RTP version in use (RFC 3550 §5.1).</summary>
    public const int Version = 2;

    private RtpHeader(
        byte firstByte,
        byte secondByte,
        ushort sequenceNumber,
        uint timestamp,
        uint ssrc,
        ushort extensionProfile,
        int extensionOffset,
        int extensionLength,
        int headerLength,
        int payloadLength,
        int paddingLength)
    {
        FirstByte = firstByte;
        SecondByte = secondByte;
        SequenceNumber = sequenceNumber;
        Timestamp = timestamp;
        Ssrc = ssrc;
        ExtensionProfile = extensionProfile;
        ExtensionOffset = extensionOffset;
        ExtensionLength = extensionLength;
        HeaderLength = headerLength;
        PayloadLength = payloadLength;
        PaddingLength = paddingLength;
    }

    private byte FirstByte { get; }

    private byte SecondByte { get; }

    /// <summary>P bit: the packet ends with padding (already removed from <see cref="PayloadLength"/>).</summary>
    public bool HasPadding => (FirstByte & 0x20) != 0;

    /// <summary>X bit: a header extension follows the CSRCs.</summary>
    public bool HasExtension => (FirstByte & 0x10) != 0;

    /// <summary>Number of CSRC identifiers (0–15).</summary>
    public int CsrcCount => FirstByte & 0x0F;

    /// <summary>M bit; for video, the last packet of a frame.</summary>
    public bool Marker => (SecondByte & 0x80) != 0;

    /// <summary>Payload type (0–127).</summary>
    public byte PayloadType => (byte)(SecondByte & 0x7F);

    /// <summary>Sequence number.</summary>
    public ushort SequenceNumber { get; }

    /// <summary>RTP timestamp in the payload's clock rate.</summary>
    public uint Timestamp { get; }

    /// <summary>Synchronization source.</summary>
    public uint Ssrc { get; }

    /// <summary>Header extension profile (0xBEDE for one-byte elements, 0x100x for two-byte); 0 without an extension.</summary>
    public ushort ExtensionProfile { get; }

    /// <summary>Offset of the extension data, just after its 4-byte profile/length word; 0 without an extension.</summary>
    public int ExtensionOffset { get; }

    /// <summary>Length in bytes of the extension data (a multiple of 4).</summary>
    public int ExtensionLength { get; }

    /// <summary>Length of the whole header: fixed part, CSRCs and extension. Equals <see cref="PayloadOffset"/>.</summary>
    public int HeaderLength { get; }

    /// <summary>Offset of the payload.</summary>
    public int PayloadOffset => HeaderLength;

    /// <summary>Length of the payload, padding removed.</summary>
    public int PayloadLength { get; }

    /// <summary>Number of padding bytes at the end of the packet, including the count byte; 0 without padding.</summary>
    public int PaddingLength { get; }

    /// <summary>
    /// Reads the header of an RTP packet. Returns false, never throws, on anything but a well-formed version-2
    /// packet whose CSRCs, extension and padding all fit inside <paramref name="packet"/>.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> packet, out RtpHeader header)
    {
        header = default;
        if (packet.Length < FixedLength)
        {
            return false;
        }

        var first = packet[0];
        if (first >> 6 != Version)
        {
            return false;
        }

        var length = FixedLength + ((first & 0x0F) * 4);
        if (length > packet.Length)
        {
            return false;
        }

        ushort profile = 0;
        var extensionOffset = 0;
        var extensionLength = 0;
        if ((first & 0x10) != 0)
        {
            if (length + 4 > packet.Length)
            {
                return false;
            }

            profile = BinaryPrimitives.ReadUInt16BigEndian(packet[length..]);
            extensionLength = BinaryPrimitives.ReadUInt16BigEndian(packet[(length + 2)..]) * 4;
            extensionOffset = length + 4;
            length = extensionOffset + extensionLength;
            if (length > packet.Length)
            {
                return false;
            }
        }

        var padding = 0;
        if ((first & 0x20) != 0)
        {
            // The count includes itself, so 0 is malformed; it may not eat into the header (RFC 3550 §5.1).
            padding = packet[^1];
            if (padding == 0 || padding > packet.Length - length)
            {
                return false;
            }
        }

        header = new RtpHeader(
            first,
            packet[1],
            BinaryPrimitives.ReadUInt16BigEndian(packet[2..]),
            BinaryPrimitives.ReadUInt32BigEndian(packet[4..]),
            BinaryPrimitives.ReadUInt32BigEndian(packet[8..]),
            profile,
            extensionOffset,
            extensionLength,
            length,
            packet.Length - length - padding,
            padding);
        return true;
    }

    /// <summary>The CSRC at <paramref name="index"/> (0 ≤ index &lt; <see cref="CsrcCount"/>) of the packet this header was parsed from.</summary>
    public uint GetCsrc(ReadOnlySpan<byte> packet, int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, CsrcCount);
        return BinaryPrimitives.ReadUInt32BigEndian(packet[(FixedLength + (index * 4))..]);
    }

    /// <summary>The payload of the packet this header was parsed from, padding removed.</summary>
    public ReadOnlySpan<byte> GetPayload(ReadOnlySpan<byte> packet) => packet.Slice(PayloadOffset, PayloadLength);

    /// <summary>The writable payload of the packet this header was parsed from, padding removed.</summary>
    public Span<byte> GetPayload(Span<byte> packet) => packet.Slice(PayloadOffset, PayloadLength);

    /// <summary>The header extension data (after the profile/length word) of the packet this header was parsed from.</summary>
    public ReadOnlySpan<byte> GetExtensionData(ReadOnlySpan<byte> packet) => packet.Slice(ExtensionOffset, ExtensionLength);

    /// <summary>The element encoding the extension profile announces.</summary>
    public RtpExtensionEncoding ExtensionEncoding => RtpExtensionProfiles.EncodingOf(HasExtension, ExtensionProfile);
}
