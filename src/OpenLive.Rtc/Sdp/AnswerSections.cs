using System.Globalization;

namespace OpenLive.Rtc.Sdp;

/// <summary>What every answer does the same way, whichever endpoint writes it (the SFU's publish and playback answers, a client's answer to an offer).</summary>
public static class AnswerSections
{
    /// <summary>
    /// A rejected m-line (RFC 3264 §6: port 0, the offered media and protocol, inactive) with one of the offered formats,
    /// since an m-line needs at least one (RFC 8866 §5.14).
    /// </summary>
    public static MediaDescription Rejected(MediaDescription offered)
    {
        ArgumentNullException.ThrowIfNull(offered);
        var section = new MediaDescription(offered.Media, 0, offered.Protocol) { Mid = offered.Mid, Direction = MediaDirection.Inactive };
        if (offered.IsRtp)
        {
            // RTP m-lines are written from their codecs; a nameless one writes the payload type alone.
            section.Codecs.Add(new RtpCodec(offered.Codecs.Count > 0 ? offered.Codecs[0].PayloadType : 0));
        }
        else
        {
            section.Formats.AddRange(offered.Formats.Count > 0 ? offered.Formats.Take(1) : ["0"]);
        }

        return section;
    }

    /// <summary>
    /// Why an offered m-line cannot share the connection's one transport, or null when it can: it must be in the BUNDLE
    /// group (RFC 8843) and multiplex RTP and RTCP (RFC 8035). Both endpoints carry all media on one transport.
    /// </summary>
    public static string? TransportRefusalOf(MediaDescription offered, MediaGroup? bundle)
    {
        ArgumentNullException.ThrowIfNull(offered);
        if (offered.Mid is null || bundle is null || !bundle.Mids.Contains(offered.Mid))
        {
            return "not bundled";
        }

        return offered.RtcpMux ? null : "no rtcp-mux";
    }

    /// <summary>
    /// The <paramref name="offered"/> feedback an answer keeps: the kinds the answering endpoint handles
    /// (<paramref name="handled"/>), in the offer's order. Feedback is negotiated by echoing it (RFC 4585 §4.2).
    /// </summary>
    public static IEnumerable<RtcpFeedback> KeepHandledFeedback(IEnumerable<RtcpFeedback> offered, IReadOnlyList<RtcpFeedback> handled)
    {
        ArgumentNullException.ThrowIfNull(offered);
        ArgumentNullException.ThrowIfNull(handled);
        foreach (var feedback in offered)
        {
            if (handled.Contains(feedback))
            {
                yield return feedback;
            }
        }
    }

    /// <summary>A payload type as an m-line format token.</summary>
    public static string FormatOf(int payloadType) => payloadType.ToString(CultureInfo.InvariantCulture);
}
