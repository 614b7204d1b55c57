using OpenLive.Rtc.Sdp;
using static OpenLive.Rtc.Tests.Sdp.SdpTestText;

namespace OpenLive.Rtc.Tests.Sdp;

public sealed class FirefoxFixtureTests
{
    private static readonly SessionDescription Offer = Parse(Crlf(BrowserFixtures.FirefoxOffer));

    [Fact]
    public void SessionLevel_FingerprintDirectionAndOptions()
    {
        Assert.Equal("mozilla...THIS_IS_SDPARTA-99.0", Offer.Origin.Username);
        Assert.Equal("0.0.0.0", Offer.Origin.Address);
        Assert.Equal(MediaDirection.SendReceive, Offer.Direction);
        Assert.Equal("sha-256", Assert.Single(Offer.Fingerprints).HashFunction);
        Assert.Equal(["trickle"], Offer.IceOptions);
        Assert.Equal(["*"], Offer.MsidSemantic?.Identifiers);
        Assert.Equal(["0", "1"], Offer.FindGroup("BUNDLE")?.Mids);
        Assert.All(Offer.Media, media => Assert.Empty(media.Fingerprints));
    }

    [Fact]
    public void Audio_FmtpBeforeRtpmap_StillAttachToTheirCodecs()
    {
        var audio = Offer.Media[0];
        Assert.Equal(("558e08ba", "a7196b50ac2f86702824c1c099724caf"), (audio.IceUfrag, audio.IcePwd));
        var opus = audio.FindCodec(109)!;
        Assert.Equal(("opus", 48000U, 2), (opus.Name, opus.ClockRate, opus.Channels!.Value));
        Assert.Equal(
            [new FormatParameter("maxplaybackrate", "48000"), new FormatParameter("stereo", "1"), new FormatParameter("useinbandfec", "1")],
            opus.Parameters?.Items);
        Assert.Equal(1, audio.FindCodec(9)?.Channels);
        Assert.Null(audio.FindCodec(0)?.Channels);
        var dtmf = audio.FindCodec(101)!;
        Assert.Equal(("telephone-event", 8000U, 1), (dtmf.Name, dtmf.ClockRate, dtmf.Channels!.Value));
        Assert.Equal("0-15", Assert.Single(dtmf.Parameters!.Items).Name);
    }

    [Fact]
    public void Audio_ExtmapDirection_AndCnameOnlySsrc()
    {
        var audio = Offer.Media[0];
        Assert.Equal(new HeaderExtension(2, OpenLive.Rtc.Rtp.RtpExtensionUris.CsrcAudioLevel, MediaDirection.ReceiveOnly), audio.HeaderExtensions[1]);
        Assert.Null(audio.HeaderExtensions[0].Direction);
        var ssrc = Assert.Single(audio.SsrcLines);
        Assert.Equal(new SsrcLine(2655508255, "cname", "{d3a7a700-792c-4d12-8d9a-31eae7a758b0}"), ssrc);
        Assert.Equal(new Msid("{7c1ca1d7-2e61-4a5f-9b7e-0e4f3d2c1b0a}", "{3f2e1d0c-b9a8-4765-8432-10fedcba9876}"), Assert.Single(audio.Msids));
        Assert.Null(audio.Rtcp);
        Assert.False(audio.RtcpReducedSize);
    }

    [Fact]
    public void Video_MaxFs_Rtx_AndFidAfterSources()
    {
        var video = Offer.Media[1];
        Assert.Equal([120, 124, 121, 125, 126, 127, 97, 98, 123, 122, 119], video.Codecs.Select(c => c.PayloadType));
        var vp8 = video.FindCodec(120)!;
        Assert.Equal("VP8", vp8.Name);
        Assert.True(vp8.Parameters!.TryGetInt("max-fs", out var maxFs));
        Assert.Equal(12288, maxFs);
        Assert.Equal("60", vp8.Parameters["max-fr"]);
        Assert.Equal([RtcpFeedback.Nack, RtcpFeedback.PictureLoss, RtcpFeedback.FullIntraRequest, RtcpFeedback.GoogRemb, RtcpFeedback.TransportCc], vp8.Feedback);
        Assert.Equal(122, video.FindCodec(119)?.AssociatedPayloadType);
        Assert.Equal("red", video.FindCodec(122)?.Name);
        Assert.Null(video.FindCodec(97)!.Parameters!["packetization-mode"]);
        Assert.Equal(new HeaderExtension(6, OpenLive.Rtc.Rtp.RtpExtensionUris.PlayoutDelay, MediaDirection.ReceiveOnly), video.HeaderExtensions[3]);
        Assert.Equal([1876513264U, 3291637581U], Assert.Single(video.SsrcGroups).Ssrcs);
        Assert.Equal(2, video.SsrcLines.Count);
        Assert.Empty(video.OtherAttributes);
    }

    [Fact]
    public void Written_InCanonicalOrder_LosesNoLine()
    {
        var written = Offer.ToString();
        Assert.Equal(Lines(BrowserFixtures.FirefoxOffer).Order(StringComparer.Ordinal), Lines(written).Order(StringComparer.Ordinal));
        Assert.StartsWith("v=0\r\no=mozilla...THIS_IS_SDPARTA-99.0 5032437208397262528 0 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0 1\r\n", written, StringComparison.Ordinal);
    }
}
