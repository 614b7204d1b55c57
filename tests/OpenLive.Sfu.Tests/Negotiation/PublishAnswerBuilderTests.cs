using System.Net;
using OpenLive.Rtc.Sdp;
using OpenLive.Sfu.Negotiation;

namespace OpenLive.Sfu.Tests.Negotiation;

public sealed class PublishAnswerBuilderTests
{
    /// <summary>
    /// Chromium's re-offer after the camera was unpublished (its transceiver set inactive): audio still sends, the video
    /// m-line stays in place, inactive.
    /// </summary>
    private const string OfferWithInactiveCamera = """
        v=0
        o=- 2569229012538400387 3 IN IP4 127.0.0.1
        s=-
        t=0 0
        a=group:BUNDLE 0 1
        a=msid-semantic: WMS
        m=audio 9 UDP/TLS/RTP/SAVPF 111 0
        c=IN IP4 0.0.0.0
        a=ice-ufrag:cBHe
        a=ice-pwd:PDuZtkccbrsLrFGkb1t050EY
        a=fingerprint:sha-256 65:DE:B8:8C:73:DF:48:43:55:13:37:60:8B:D0:A1:54:DF:85:45:0B:64:80:46:1D:DE:E2:90:E1:6C:C3:FE:30
        a=setup:actpass
        a=mid:0
        a=sendonly
        a=rtcp-mux
        a=rtpmap:111 opus/48000/2
        a=fmtp:111 minptime=10;useinbandfec=1
        a=rtpmap:0 PCMU/8000
        a=ssrc:3288778139 cname:OzH2O5Ql4FafBHDH
        m=video 9 UDP/TLS/RTP/SAVPF 96 97
        c=IN IP4 0.0.0.0
        a=ice-ufrag:cBHe
        a=ice-pwd:PDuZtkccbrsLrFGkb1t050EY
        a=fingerprint:sha-256 65:DE:B8:8C:73:DF:48:43:55:13:37:60:8B:D0:A1:54:DF:85:45:0B:64:80:46:1D:DE:E2:90:E1:6C:C3:FE:30
        a=setup:actpass
        a=mid:1
        a=inactive
        a=rtcp-mux
        a=rtpmap:96 VP8/90000
        a=rtpmap:97 rtx/90000
        a=fmtp:97 apt=96

        """;

    [Fact]
    public void AnInactiveMLine_IsRejectedWithPortZero_AndStillListsAFormat_SoTheAnswerIsValidSdp()
    {
        Assert.True(SessionDescription.TryParse(OfferWithInactiveCamera.ReplaceLineEndings("\r\n"), out var offer, out var offerError), offerError);
        var local = new LocalTransportParameters("ufrag", "passwordpasswordpassword", "sha-256 " + string.Join(':', Enumerable.Repeat("AB", 32)), [new IPEndPoint(IPAddress.Loopback, 7882)]);

        var result = PublishAnswerBuilder.Answer(offer, new Dictionary<string, TrackSource>(), new MediaPermissions(0xFF), local, sessionId: 1, version: 2);

        var text = result.Answer.ToString();
        Assert.Contains("\r\nm=video 0 UDP/TLS/RTP/SAVPF 96\r\n", text, StringComparison.Ordinal); // RFC 8866 §5.14: at least one format
        Assert.True(SessionDescription.TryParse(text, out var reparsed, out var error), $"{error}\n{text}");
        var video = reparsed.FindMedia("1")!;
        Assert.Equal((0, MediaDirection.Inactive), (video.Port, video.Direction));
        Assert.Equal(TrackSource.Audio, Assert.Single(result.Tracks).Source);
    }
}
