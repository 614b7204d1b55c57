using System.Buffers.Binary;

namespace OpenLive.Rtc.Rtp;

/// <summary>
/// RTP retransmission packets (RFC 4588 §4): the original packet re-sent on the RTX stream's SSRC, payload type
/// and sequence numbers, its original sequence number (OSN) prefixed to the payload. Header extensions and CSRCs
/// are kept; padding is dropped. Wrapping and unwrapping work between buffers or in place, and never allocate.
/// </summary>
/// <remarks>
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |    RTP header (RTX SSRC, RTX payload type, RTX sequence)      |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |            OSN                |                               |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+                               |
/// |                  original RTP packet payload                  |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </remarks>
public static class Rtx
{
    /// <summary>Bytes the OSN adds to a packet.</summary>
    public const int OsnLength = 2;

    /// <summary>
    /// Builds the RTX packet for <paramref name="original"/> into <paramref name="destination"/>, which may be the same
    /// memory (then it needs 2 spare bytes after the packet). False if the original does not parse or it does not fit.
    /// </summary>
    public static bool TryWrap(
        ReadOnlySpan<byte> original,
        Span<byte> destination,
        byte rtxPayloadType,
        ushort rtxSequenceNumber,
        uint rtxSsrc,
        out int written)
    {
        written = 0;
        if (rtxPayloadType > 127 || !RtpHeader.TryParse(original, out var header))
        {
            return false;
        }

        var headerLength = header.HeaderLength;
        var length = headerLength + OsnLength + header.PayloadLength;
        if (length > destination.Length)
        {
            return false;
        }

        var originalSequence = header.SequenceNumber;

        // Payload first: in place it moves right over bytes no longer needed, and CopyTo handles the overlap.
        original.Slice(headerLength, header.PayloadLength).CopyTo(destination[(headerLength + OsnLength)..]);
        original[..headerLength].CopyTo(destination);
        BinaryPrimitives.WriteUInt16BigEndian(destination[headerLength..], originalSequence);
        Restamp(destination, rtxPayloadType, rtxSequenceNumber, rtxSsrc);
        written = length;
        return true;
    }

    /// <summary>Turns the first <paramref name="length"/> bytes of <paramref name="buffer"/> into their RTX packet in place.</summary>
    public static bool TryWrapInPlace(Span<byte> buffer, int length, byte rtxPayloadType, ushort rtxSequenceNumber, uint rtxSsrc, out int written)
    {
        if ((uint)length > (uint)buffer.Length)
        {
            written = 0;
            return false;
        }

        return TryWrap(buffer[..length], buffer, rtxPayloadType, rtxSequenceNumber, rtxSsrc, out written);
    }

    /// <summary>The OSN of an RTX packet; false if the payload is shorter than 2 bytes (as in RTX padding-only probes).</summary>
    public static bool TryReadOriginalSequenceNumber(ReadOnlySpan<byte> rtxPacket, in RtpHeader header, out ushort originalSequenceNumber)
    {
        if (header.PayloadLength < OsnLength || header.PayloadOffset + OsnLength > rtxPacket.Length)
        {
            originalSequenceNumber = 0;
            return false;
        }

        originalSequenceNumber = BinaryPrimitives.ReadUInt16BigEndian(rtxPacket[header.PayloadOffset..]);
        return true;
    }

    /// <summary>
    /// Restores the original packet from an RTX packet into <paramref name="destination"/> (which may be the same memory):
    /// sequence number from the OSN, the given original payload type and SSRC. False if it does not parse, has no OSN, or does not fit.
    /// </summary>
    public static bool TryUnwrap(
        ReadOnlySpan<byte> rtxPacket,
        Span<byte> destination,
        byte originalPayloadType,
        uint originalSsrc,
        out int written)
    {
        written = 0;
        if (originalPayloadType > 127
            || !RtpHeader.TryParse(rtxPacket, out var header)
            || !TryReadOriginalSequenceNumber(rtxPacket, header, out var originalSequence))
        {
            return false;
        }

        var headerLength = header.HeaderLength;
        var payloadLength = header.PayloadLength - OsnLength;
        if (headerLength + payloadLength > destination.Length)
        {
            return false;
        }

        // Header first: in place it is a no-op, then the payload moves left over the OSN.
        rtxPacket[..headerLength].CopyTo(destination);
        rtxPacket.Slice(headerLength + OsnLength, payloadLength).CopyTo(destination[headerLength..]);
        Restamp(destination, originalPayloadType, originalSequence, originalSsrc);
        written = headerLength + payloadLength;
        return true;
    }

    /// <summary>Restores the original packet in place from the first <paramref name="length"/> bytes of <paramref name="buffer"/>.</summary>
    public static bool TryUnwrapInPlace(Span<byte> buffer, int length, byte originalPayloadType, uint originalSsrc, out int written)
    {
        if ((uint)length > (uint)buffer.Length)
        {
            written = 0;
            return false;
        }

        return TryUnwrap(buffer[..length], buffer, originalPayloadType, originalSsrc, out written);
    }

    private static void Restamp(Span<byte> packet, byte payloadType, ushort sequenceNumber, uint ssrc)
    {
        // Padding was not carried over, so the P bit must go too.
        packet[0] &= 0xDF;
        RtpHeaderRewriter.SetPayloadType(packet, payloadType);
        RtpHeaderRewriter.SetSequenceNumber(packet, sequenceNumber);
        RtpHeaderRewriter.SetSsrc(packet, ssrc);
    }
}
