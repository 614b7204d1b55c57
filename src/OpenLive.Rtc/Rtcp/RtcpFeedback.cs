using System.Buffers.Binary;

namespace OpenLive.Rtc.Rtcp;

/// <summary>
/// The common part of RTPFB and PSFB feedback messages (RFC 4585 §6.1): the two SSRCs and the feedback control
/// information (FCI) whose layout the FMT decides.
/// </summary>
/// <remarks>
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |V=2|P|   FMT   |       PT      |          length               |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                  SSRC of packet sender                        |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                  SSRC of media source                         |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// :            Feedback Control Information (FCI)                 :
/// </code>
/// </remarks>
public readonly ref struct RtcpFeedback
{
    /// <summary>Length of the header and both SSRCs, where the FCI starts.</summary>
    public const int HeaderLength = 12;

    private RtcpFeedback(RtcpPacketType type, int format, uint senderSsrc, uint mediaSsrc, ReadOnlySpan<byte> fci)
    {
        Type = type;
        Format = format;
        SenderSsrc = senderSsrc;
        MediaSsrc = mediaSsrc;
        Fci = fci;
    }

    /// <summary>RTPFB or PSFB.</summary>
    public RtcpPacketType Type { get; }

    /// <summary>The feedback message type (FMT).</summary>
    public int Format { get; }

    /// <summary>SSRC of the packet sender.</summary>
    public uint SenderSsrc { get; }

    /// <summary>SSRC of the media source the feedback is about.</summary>
    public uint MediaSsrc { get; }

    /// <summary>The feedback control information.</summary>
    public ReadOnlySpan<byte> Fci { get; }

    /// <summary>Reads the common feedback part; false unless the packet is RTPFB or PSFB with both SSRCs present.</summary>
    public static bool TryParse(in RtcpPacket packet, out RtcpFeedback feedback)
    {
        feedback = default;
        var body = packet.Body;
        if (packet.Type is not (RtcpPacketType.TransportFeedback or RtcpPacketType.PayloadFeedback) || body.Length < 8)
        {
            return false;
        }

        feedback = new RtcpFeedback(
            packet.Type,
            packet.Count,
            BinaryPrimitives.ReadUInt32BigEndian(body),
            BinaryPrimitives.ReadUInt32BigEndian(body[4..]),
            body[8..]);
        return true;
    }

    /// <summary>Reads the common part of a feedback packet with this type and FMT.</summary>
    internal static bool TryParse(in RtcpPacket packet, RtcpPacketType type, int format, out RtcpFeedback feedback) =>
        TryParse(packet, out feedback) && feedback.Type == type && feedback.Format == format;

    /// <summary>Writes the header and both SSRCs of a feedback packet of <paramref name="length"/> bytes.</summary>
    internal static void WriteHeader(Span<byte> destination, RtcpPacketType type, int format, uint senderSsrc, uint mediaSsrc, int length)
    {
        RtcpHeader.Write(destination, format, type, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], senderSsrc);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], mediaSsrc);
    }
}
