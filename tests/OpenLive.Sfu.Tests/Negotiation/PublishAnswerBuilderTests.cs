using System.Net;
using OpenLive.Rtc.Sdp;
using OpenLive.Sfu.Negotiation;

namespace OpenLive.Sfu.Tests.Negotiation;

public sealed class PublishAnswerBuilderTests
{
    private const string Transport = """
        c=IN IP4 0.0.0.0
        a=ice-ufrag:cBHe
        a=ice-pwd:PDuZtkccbrsLrFGkb1t050EY
        a=fingerprint:sha-256 65:DE:B8:8C:73:DF:48:43:55:13:37:60:8B:D0:A1:54:DF:85:45:0B:64:80:46:1D:DE:E2:90:E1:6C:C3:FE:30
        a=setup:actpass
        a=rtcp-mux
        """;

    /// <summary>Chromium's offer once the camera was unpublished (the SDK sets its transceiver inactive), trimmed.</summary>
    private static readonly string OfferWithInactiveCamera = $"""
        v=0
        o=- 2569229012538400387 3 IN IP4 127.0.0.1
        s=-
        t=0 0
        a=group:BUNDLE 0 1
        a=msid-semantic: WMS
        m=audio 9 UDP/TLS/RTP/SAVPF 111 0
        {Transport}
        a=mid:0
        a=sendonly
        a=rtpmap:111 opus/48000/2
        a=fmtp:111 minptime=10;useinbandfec=1
        a=rtpmap:0 PCMU/8000
        a=ssrc:3288778139 cname:OzH2O5Ql4FafBHDH
        m=video 9 UDP/TLS/RTP/SAVPF 96 97
        {Transport}
        a=mid:1
        a=inactive
        a=rtpmap:96 VP8/90000
        a=rtpmap:97 rtx/90000
        a=fmtp:97 apt=96

        """;

    private static readonly LocalTransportParameters Local =
        new("ufrag", "passwordpasswordpassword", "sha-256 " + string.Join(':', Enumerable.Repeat("AB", 32)), [new IPEndPoint(IPAddress.Loopback, 7882)]);

    private static PublishAnswerBuilder.Result Answer(string offerText)
    {
        Assert.True(SessionDescription.TryParse(offerText.ReplaceLineEndings("\r\n"), out var offer, out var error), error);
        return PublishAnswerBuilder.Answer(offer, new Dictionary<string, TrackSource>(), new MediaPermissions(MediaRights.All), Local, sessionId: 1, version: 2);
    }

    private static SessionDescription Reparsed(PublishAnswerBuilder.Result result)
    {
        var text = result.Answer.ToString();
        Assert.True(SessionDescription.TryParse(text, out var answer, out var error), $"{error}\n{text}");
        return answer;
    }

    [Fact]
    public void AnUnpublishedMLine_IsAnsweredInactive_NotRejected_SoTheClientCanPublishOnItAgain()
    {
        var result = Answer(OfferWithInactiveCamera);

        var answer = Reparsed(result);
        var video = answer.FindMedia("1")!;
        Assert.Equal((7882, MediaDirection.Inactive), (video.Port, video.Direction)); // port 0 would stop the transceiver (RFC 8829 §5.10)
        Assert.Equal("VP8", video.Codecs[0].Name);
        Assert.Equal(["0", "1"], answer.FindGroup(MediaGroup.Bundle)!.Mids);
        Assert.Equal(TrackSource.Audio, Assert.Single(result.Tracks).Source);
    }

    [Fact]
    public void EverySourceUnpublished_IsAValidOfferWithNoTracks()
    {
        var result = Answer(OfferWithInactiveCamera.Replace("a=sendonly", "a=inactive", StringComparison.Ordinal));

        Assert.Empty(result.Tracks);
        Assert.All(Reparsed(result).Media, media => Assert.Equal(MediaDirection.Inactive, media.Direction));
    }

    [Fact]
    public void MLinesThatCannotBeKept_AreRejectedWithPortZero_AndStillListAFormat()
    {
        // An inactive video m-line with no codec the SFU forwards, and a data channel.
        var offer = OfferWithInactiveCamera
            .Replace("m=video 9 UDP/TLS/RTP/SAVPF 96 97", "m=video 9 UDP/TLS/RTP/SAVPF 34", StringComparison.Ordinal)
            .Replace("a=rtpmap:96 VP8/90000\na=rtpmap:97 rtx/90000\na=fmtp:97 apt=96\n", "a=rtpmap:34 H263/90000\n", StringComparison.Ordinal)
            + $"m=application 9 UDP/DTLS/SCTP webrtc-datachannel\n{Transport}\na=mid:2\na=sctp-port:5000\n";

        var text = Answer(offer).Answer.ToString();

        Assert.Contains("\r\nm=video 0 UDP/TLS/RTP/SAVPF 34\r\n", text, StringComparison.Ordinal); // RFC 8866 §5.14: at least one format
        Assert.Contains("\r\nm=application 0 UDP/DTLS/SCTP webrtc-datachannel\r\n", text, StringComparison.Ordinal);
        Assert.True(SessionDescription.TryParse(text, out _, out var error), $"{error}\n{text}");
    }

    [Fact]
    public void AnOfferWithNothingUsable_IsAnInvalidDescription()
    {
        var offer = OfferWithInactiveCamera
            .Replace("m=audio 9 UDP/TLS/RTP/SAVPF 111 0", "m=audio 0 UDP/TLS/RTP/SAVPF 111 0", StringComparison.Ordinal)
            .Replace("m=video 9 UDP/TLS/RTP/SAVPF 96 97", "m=video 0 UDP/TLS/RTP/SAVPF 96 97", StringComparison.Ordinal);

        var refused = Assert.Throws<MediaRefusal>(() => Answer(offer));
        Assert.Equal(MediaErrorKind.InvalidDescription, refused.Error.Kind);
    }
}
