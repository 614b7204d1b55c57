using OpenLive.Rtc.Sdp;

namespace OpenLive.Rtc.Client;

/// <summary>
/// Answers a peer's offer (JSEP, RFC 8829 §5.3) the way a client does: a bundled audio/video m-line is accepted
/// recvonly when the peer sends on it, and sendonly (or sendrecv) when the peer receives on it and the app added a
/// sending transceiver of that kind before the offer came. Received m-lines keep the offered codecs as they are
/// (minus RED, FEC, comfort noise and DTMF, and RTX whose apt was dropped); sent ones keep only the codecs we send.
/// The feedback we handle and the extensions we understand stay, under the offered ids. Everything else is rejected
/// with port 0 (RFC 3264 §6) and left out of BUNDLE.
/// </summary>
internal static class AnswerWriter
{
    /// <summary>Why an offered m-line cannot be taken whatever its direction, or null when it can.</summary>
    public static string? RefusalOf(MediaDescription offered, MediaGroup? bundle)
    {
        if (offered.Port == 0)
        {
            return "rejected by the peer";
        }

        if (!offered.IsRtp || offered.Kind is not (MediaKind.Audio or MediaKind.Video) || offered.Mid is null)
        {
            return "not an audio/video RTP m-line with a mid";
        }

        return AnswerSections.TransportRefusalOf(offered, bundle) ?? (AcceptedCodecs(offered, sender: null).Count == 0 ? "no codec we can take" : null);
    }

    /// <summary>
    /// The section that accepts <paramref name="offered"/> in <paramref name="direction"/> (ours). With a
    /// <paramref name="sender"/>, only its codecs are kept and its msid and SSRCs are announced.
    /// </summary>
    public static MediaDescription Accept(MediaDescription offered, MediaDirection direction, LocalTransport local, DtlsSetup setup, RtcTransceiver? sender, string cname)
    {
        var section = MediaDescription.CreateRtp(offered.Kind, offered.Mid!, direction);
        section.RtcpReducedSize = offered.RtcpReducedSize;
        local.ApplyTo(section, setup);
        foreach (var codec in AcceptedCodecs(offered, sender))
        {
            var copy = new RtpCodec(codec.PayloadType, codec.Name!, codec.ClockRate, codec.Channels) { Parameters = codec.Parameters };
            copy.Feedback.AddRange(ClientCodecs.AcceptFeedback(offered.Kind, codec.Feedback));
            section.Codecs.Add(copy);
        }

        section.WildcardFeedback.AddRange(ClientCodecs.AcceptFeedback(offered.Kind, offered.WildcardFeedback));
        foreach (var extension in offered.HeaderExtensions)
        {
            if (extension.FitsOneByteHeader && Array.IndexOf(ClientCodecs.Understood, extension.Uri) >= 0)
            {
                section.HeaderExtensions.Add(new HeaderExtension(extension.Id, extension.Uri));
            }
        }

        if (sender is not null && sender.LayerCount == 1)
        {
            section.Msids.Add(new Msid(sender.StreamId, sender.TrackId));
            var rtx = section.Codecs.Exists(c => c.IsRtx);
            if (rtx)
            {
                section.SsrcGroups.Add(new SsrcGroup(SsrcGroup.FlowIdentification, [sender.GetSsrc(), sender.GetRtxSsrc()]));
            }

            OfferWriter.AddSsrcLines(section, sender.GetSsrc(), cname, sender);
            if (rtx)
            {
                OfferWriter.AddSsrcLines(section, sender.GetRtxSsrc(), cname, sender);
            }
        }

        return section;
    }

    /// <summary>Whether <paramref name="sender"/> (a transceiver we added) can send one of these codecs.</summary>
    public static bool CanSend(MediaDescription offered, RtcTransceiver sender) => AcceptedCodecs(offered, sender).Count > 0;

    private static List<RtpCodec> AcceptedCodecs(MediaDescription offered, RtcTransceiver? sender)
    {
        var accepted = new List<RtpCodec>();
        foreach (var codec in offered.Codecs)
        {
            if (ClientCodecs.IsAcceptable(codec) && (sender is null || Sends(sender, codec)))
            {
                accepted.Add(codec);
            }
        }

        // RTX entries follow the media codecs they repair, in offer order.
        foreach (var codec in offered.Codecs)
        {
            if (codec.IsRtx && codec.AssociatedPayloadType is { } apt && accepted.Exists(c => c.PayloadType == apt && !c.IsRtx)
                && (sender is null || sender.Options.Rtx))
            {
                accepted.Add(codec);
            }
        }

        return accepted;
    }

    /// <summary>The codecs a transceiver of ours produces: Opus, or the video codecs its options list.</summary>
    private static bool Sends(RtcTransceiver sender, RtpCodec codec)
    {
        if (sender.Kind == MediaKind.Audio)
        {
            return codec.IsNamed("opus") && codec.ClockRate == 48000;
        }

        foreach (var video in sender.Options.VideoCodecs)
        {
            if ((video == RtcVideoCodec.Vp8 && codec.IsNamed("VP8"))
                || (video == RtcVideoCodec.H264 && codec.IsNamed("H264") && codec.Parameters?["packetization-mode"] == "1"))
            {
                return true;
            }
        }

        return false;
    }
}
