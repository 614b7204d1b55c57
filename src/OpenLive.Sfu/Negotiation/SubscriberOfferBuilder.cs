using System.Globalization;
using OpenLive.Rtc.Sdp;
using OpenLive.Sfu.Forwarding;

namespace OpenLive.Sfu.Negotiation;

/// <summary>
/// Writes the SFU's offer for a subscriber connection (JSEP, RFC 8829 §5.2): one m-line per section, sendonly with
/// the publisher's codec (under a payload type unique within the connection, RFC 8843 §9.1), RTX, the SFU's fixed
/// header-extension ids and feedback, <c>a=ssrc</c>/<c>msid</c> so the player can label each track, ICE-lite and
/// DTLS <c>actpass</c>, all bundled.
/// </summary>
internal static class SubscriberOfferBuilder
{
    public static SessionDescription Build(IReadOnlyList<SubscriberSection> sections, LocalTransportParameters local, ulong sessionId, ulong version)
    {
        var offer = LocalTransportParameters.NewDescription(sessionId, version);
        offer.MsidSemantic = new MsidSemantic("WMS", ["*"]);
        var mids = new List<string>();
        foreach (var section in sections)
        {
            offer.Media.Add(Section(section, local));
            mids.Add(section.Mid);
        }

        offer.Groups.Add(new MediaGroup(MediaGroup.Bundle, mids));
        return offer;
    }

    private static MediaDescription Section(SubscriberSection section, LocalTransportParameters local)
    {
        var track = section.Track;
        var media = MediaDescription.CreateRtp(section.Kind, section.Mid, track is null ? MediaDirection.Inactive : MediaDirection.SendOnly);
        media.RtcpReducedSize = true;
        media.HeaderExtensions.AddRange(ExtensionIds.Subscriber.ToSdp(section.Kind));
        if (track is null)
        {
            // An inactive section still needs a codec line; a neutral one of its kind.
            media.Codecs.Add(section.Kind == MediaKind.Audio ? new RtpCodec(111, "opus", 48000, 2) : new RtpCodec(96, "VP8", 90000));
        }
        else
        {
            var codec = track.Source.Codec.ToSdp(track.PayloadType);
            codec.Feedback.AddRange(section.Kind == MediaKind.Audio ? ForwardableCodecs.AudioFeedback : ForwardableCodecs.VideoFeedback);
            media.Codecs.Add(codec);
            if (track.RtxPayloadType != 0)
            {
                media.Codecs.Add(RtpCodec.Rtx(track.RtxPayloadType, track.PayloadType, track.Source.Codec.ClockRate));
            }

            TrackLabel.Of(track).WriteTo(media);
        }

        local.ApplyTo(media, DtlsSetup.ActPass);
        return media;
    }

    internal static string MidOf(int index) => index.ToString(CultureInfo.InvariantCulture);
}
