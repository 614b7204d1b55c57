using OpenLive.Rtc.Sdp;

namespace OpenLive.Sfu.Negotiation;

/// <summary>
/// The codecs the SFU forwards (passthrough: any subscriber that decodes the publisher's codec can watch) and the
/// feedback it negotiates with them. The publisher's offer order is its preference; the first forwardable codec wins.
/// </summary>
internal static class ForwardableCodecs
{
    /// <summary>RTCP feedback the SFU answers for video: NACK (served from its cache), PLI/FIR, TWCC, REMB.</summary>
    public static readonly RtcpFeedback[] VideoFeedback =
        [RtcpFeedback.GoogRemb, RtcpFeedback.TransportCc, RtcpFeedback.FullIntraRequest, RtcpFeedback.Nack, RtcpFeedback.PictureLoss];

    /// <summary>RTCP feedback for audio: TWCC only (audio is not retransmitted; Opus FEC covers loss).</summary>
    public static readonly RtcpFeedback[] AudioFeedback = [RtcpFeedback.TransportCc];

    /// <summary>True when the SFU can forward this codec entry (RTX, RED, FEC and comfort noise are handled elsewhere or not at all).</summary>
    public static bool IsForwardable(MediaKind kind, RtpCodec codec)
    {
        if (codec.Name is null)
        {
            return false;
        }

        if (kind == MediaKind.Audio)
        {
            return codec.IsNamed("opus") && codec.ClockRate == 48000;
        }

        if (codec.ClockRate != 90000)
        {
            return false;
        }

        if (codec.IsNamed("VP8") || codec.IsNamed("AV1"))
        {
            return true;
        }

        if (codec.IsNamed("VP9"))
        {
            // Profile 0 (8-bit 4:2:0) and 2 (10-bit) are what browsers send; others are rare and often undecodable.
            return codec.Parameters?["profile-id"] is null or "0" or "2";
        }

        // H.264 with packetization-mode=1 (FU-A): mode 0 cannot carry frames larger than one packet.
        return codec.IsNamed("H264") && codec.Parameters?["packetization-mode"] == "1";
    }

    /// <summary>The first forwardable codec of an offered section, with its RTX payload type when offered.</summary>
    public static NegotiatedCodec? Choose(MediaDescription offered)
    {
        foreach (var codec in offered.Codecs)
        {
            if (!IsForwardable(offered.Kind, codec))
            {
                continue;
            }

            return new NegotiatedCodec(codec.PayloadType, codec.Name!, codec.ClockRate, codec.Channels, codec.Parameters?.Raw, RtxFor(offered, codec.PayloadType));
        }

        return null;
    }

    /// <summary>The section's RTX payload type repairing <paramref name="payloadType"/> (<c>apt=</c>, RFC 4588 §8.6), or null.</summary>
    public static int? RtxFor(MediaDescription section, int payloadType)
    {
        foreach (var candidate in section.Codecs)
        {
            if (candidate.IsRtx && candidate.AssociatedPayloadType == payloadType)
            {
                return candidate.PayloadType;
            }
        }

        return null;
    }

    /// <summary>Keeps, of <paramref name="offered"/> feedback, the kinds the SFU handles for <paramref name="kind"/>.</summary>
    public static IEnumerable<RtcpFeedback> Accept(MediaKind kind, IEnumerable<RtcpFeedback> offered) =>
        AnswerSections.KeepHandledFeedback(offered, kind == MediaKind.Audio ? AudioFeedback : VideoFeedback);
}
