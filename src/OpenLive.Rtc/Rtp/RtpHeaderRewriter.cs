using System.Buffers.Binary;

namespace OpenLive.Rtc.Rtp;

/// <summary>
/// Rewrites fixed-header fields of an RTP packet in place, as an SFU does when it forwards a stream under the
/// subscriber's own SSRC, sequence numbers and timestamps (RFC 3550 §5.1 layout). The packet must be at least
/// <see cref="RtpHeader.FixedLength"/> bytes, as any packet <see cref="RtpHeader.TryParse"/> accepted is.
/// </summary>
public static class RtpHeaderRewriter
{
    /// <summary>Writes the sequence number (bytes 2–3).</summary>
    public static void SetSequenceNumber(Span<byte> packet, ushort sequenceNumber) =>
        BinaryPrimitives.WriteUInt16BigEndian(packet[2..], sequenceNumber);

    /// <summary>Writes the timestamp (bytes 4–7).</summary>
    public static void SetTimestamp(Span<byte> packet, uint timestamp) =>
        BinaryPrimitives.WriteUInt32BigEndian(packet[4..], timestamp);

    /// <summary>Writes the SSRC (bytes 8–11).</summary>
    public static void SetSsrc(Span<byte> packet, uint ssrc) =>
        BinaryPrimitives.WriteUInt32BigEndian(packet[8..], ssrc);

    /// <summary>Writes the payload type (low 7 bits of byte 1), keeping the marker bit.</summary>
    public static void SetPayloadType(Span<byte> packet, byte payloadType)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(payloadType, (byte)127);
        packet[1] = (byte)((packet[1] & 0x80) | payloadType);
    }

    /// <summary>Sets or clears the marker bit (top bit of byte 1), keeping the payload type.</summary>
    public static void SetMarker(Span<byte> packet, bool marker) =>
        packet[1] = (byte)(marker ? packet[1] | 0x80 : packet[1] & 0x7F);
}
