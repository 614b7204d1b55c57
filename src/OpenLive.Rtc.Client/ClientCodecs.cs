using OpenLive.Rtc.Sdp;

namespace OpenLive.Rtc.Client;

/// <summary>
/// What a client connection offers and accepts on the wire: payload types, codec parameters, RTCP feedback and
/// header extension ids. The extension ids are the SFU's subscriber ids, so both directions write headers alike.
/// </summary>
internal static class ClientCodecs
{
    public const int OpusPayloadType = 111;
    public const int Vp8PayloadType = 96;
    public const int Vp8RtxPayloadType = 97;
    public const int H264PayloadType = 102;
    public const int H264RtxPayloadType = 103;

    public const int AudioLevelId = 1;
    public const int AbsSendTimeId = 2;
    public const int TransportCcId = 3;
    public const int MidId = 4;
    public const int RidId = 5;
    public const int RepairedRidId = 6;

    /// <summary>Feedback we handle for video: REMB (read), TWCC, FIR, NACK (answered from the send history), PLI.</summary>
    public static readonly RtcpFeedback[] VideoFeedback =
        [RtcpFeedback.GoogRemb, RtcpFeedback.TransportCc, RtcpFeedback.FullIntraRequest, RtcpFeedback.Nack, RtcpFeedback.PictureLoss];

    /// <summary>Feedback for audio: TWCC only (audio is not retransmitted).</summary>
    public static readonly RtcpFeedback[] AudioFeedback = [RtcpFeedback.TransportCc];

    /// <summary>Header extensions we write or read.</summary>
    public static readonly string[] Understood =
    [
        OpenLive.Rtc.Rtp.RtpExtensionUris.AudioLevel, OpenLive.Rtc.Rtp.RtpExtensionUris.AbsSendTime, OpenLive.Rtc.Rtp.RtpExtensionUris.TransportWideCc,
        OpenLive.Rtc.Rtp.RtpExtensionUris.Mid, OpenLive.Rtc.Rtp.RtpExtensionUris.RtpStreamId, OpenLive.Rtc.Rtp.RtpExtensionUris.RepairedRtpStreamId,
    ];

    /// <summary>
    /// Encodings we never take in an answer to a remote offer: they change the payload format (RED, FEC) or are not
    /// media (comfort noise, DTMF), and nothing here would unwrap them.
    /// </summary>
    private static readonly string[] NotAccepted = ["red", "ulpfec", "flexfec-03", "CN", "telephone-event"];

    public static RtpCodec Opus()
    {
        var codec = new RtpCodec(OpusPayloadType, "opus", 48000, 2) { Parameters = new FormatParameters("minptime=10;useinbandfec=1") };
        codec.Feedback.AddRange(AudioFeedback);
        return codec;
    }

    /// <summary>The codec entries (and RTX entries when <paramref name="rtx"/>) for one offered video codec.</summary>
    public static IEnumerable<RtpCodec> Video(RtcVideoCodec codec, bool rtx)
    {
        var (payloadType, rtxPayloadType, name, fmtp) = codec switch
        {
            RtcVideoCodec.H264 => (H264PayloadType, H264RtxPayloadType, "H264", "level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f"),
            _ => (Vp8PayloadType, Vp8RtxPayloadType, "VP8", (string?)null),
        };
        var entry = new RtpCodec(payloadType, name, 90000) { Parameters = fmtp is null ? null : new FormatParameters(fmtp) };
        entry.Feedback.AddRange(VideoFeedback);
        yield return entry;
        if (rtx)
        {
            yield return RtpCodec.Rtx(rtxPayloadType, payloadType);
        }
    }

    /// <summary>The extmap lines we offer for a kind (rid and repaired rid only with simulcast).</summary>
    public static IEnumerable<HeaderExtension> OfferedExtensions(MediaKind kind, bool simulcast)
    {
        if (kind == MediaKind.Audio)
        {
            yield return new HeaderExtension(AudioLevelId, OpenLive.Rtc.Rtp.RtpExtensionUris.AudioLevel);
        }

        yield return new HeaderExtension(AbsSendTimeId, OpenLive.Rtc.Rtp.RtpExtensionUris.AbsSendTime);
        yield return new HeaderExtension(TransportCcId, OpenLive.Rtc.Rtp.RtpExtensionUris.TransportWideCc);
        yield return new HeaderExtension(MidId, OpenLive.Rtc.Rtp.RtpExtensionUris.Mid);
        if (simulcast)
        {
            yield return new HeaderExtension(RidId, OpenLive.Rtc.Rtp.RtpExtensionUris.RtpStreamId);
            yield return new HeaderExtension(RepairedRidId, OpenLive.Rtc.Rtp.RtpExtensionUris.RepairedRtpStreamId);
        }
    }

    /// <summary>Whether we take an offered codec entry when answering (see <see cref="NotAccepted"/>); RTX is decided by its apt.</summary>
    public static bool IsAcceptable(RtpCodec codec)
    {
        if (codec.Name is null || codec.ClockRate == 0 || codec.IsRtx)
        {
            return false;
        }

        foreach (var name in NotAccepted)
        {
            if (codec.IsNamed(name))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The offered feedback we keep for a kind.</summary>
    public static IEnumerable<RtcpFeedback> AcceptFeedback(MediaKind kind, IEnumerable<RtcpFeedback> offered) =>
        AnswerSections.KeepHandledFeedback(offered, kind == MediaKind.Audio ? AudioFeedback : VideoFeedback);
}
