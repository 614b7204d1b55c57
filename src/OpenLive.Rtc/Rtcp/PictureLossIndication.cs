namespace OpenLive.Rtc.Rtcp;

/// <summary>
/// Picture loss indication (RFC 4585 §6.3.1): PSFB FMT 1 with no FCI, asking the media source for a keyframe.
/// </summary>
/// <remarks>
/// <code>
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |V=2|P|  FMT=1  |   PT=206      |          length=2             |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                  SSRC of packet sender                        |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                  SSRC of media source                         |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </remarks>
public static class PictureLossIndication
{
    /// <summary>Length of a PLI.</summary>
    public const int Length = RtcpFeedback.HeaderLength;

    /// <summary>Reads a PLI; false if the packet is anything else.</summary>
    public static bool TryParse(in RtcpPacket packet, out uint senderSsrc, out uint mediaSsrc)
    {
        var ok = RtcpFeedback.TryParse(packet, RtcpPacketType.PayloadFeedback, RtcpFeedbackFormats.PictureLossIndication, out var feedback);
        senderSsrc = ok ? feedback.SenderSsrc : 0;
        mediaSsrc = ok ? feedback.MediaSsrc : 0;
        return ok;
    }

    /// <summary>Writes a PLI for <paramref name="mediaSsrc"/>.</summary>
    public static bool TryWrite(Span<byte> destination, uint senderSsrc, uint mediaSsrc, out int written)
    {
        written = 0;
        if (destination.Length < Length)
        {
            return false;
        }

        RtcpFeedback.WriteHeader(destination, RtcpPacketType.PayloadFeedback, RtcpFeedbackFormats.PictureLossIndication, senderSsrc, mediaSsrc, Length);
        written = Length;
        return true;
    }
}
