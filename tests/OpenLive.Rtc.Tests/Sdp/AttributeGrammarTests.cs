using OpenLive.Rtc.Sdp;
using static OpenLive.Rtc.Tests.Sdp.SdpTestText;

namespace OpenLive.Rtc.Tests.Sdp;

/// <summary>Single attributes in a minimal session: each grammar's corners.</summary>
public sealed class AttributeGrammarTests
{
    private const string Header = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n";
    private const string Video = "m=video 9 UDP/TLS/RTP/SAVPF 96 97\r\n";

    private static MediaDescription Section(params string[] attributes) =>
        Assert.Single(Parse(Header + Video + string.Concat(attributes.Select(a => a + "\r\n"))).Media);

    [Fact]
    public void RtcpFb_Wildcard_AppliesToTheSection()
    {
        var media = Section("a=rtcp-fb:* nack", "a=rtcp-fb:* ccm fir", "a=rtcp-fb:96 nack pli");
        Assert.Equal([RtcpFeedback.Nack, RtcpFeedback.FullIntraRequest], media.WildcardFeedback);
        Assert.Equal([RtcpFeedback.PictureLoss], media.FindCodec(96)!.Feedback);
        Assert.Contains("a=rtcp-fb:* nack\r\na=rtcp-fb:* ccm fir\r\na=rtcp-fb:96 nack pli\r\n", WrittenSection(media), StringComparison.Ordinal);
    }

    [Fact]
    public void CodecLines_ForAPayloadTypeNotListed_AreKeptVerbatim()
    {
        var media = Section("a=rtpmap:100 VP9/90000", "a=fmtp:100 profile-id=0", "a=rtpmap:96 VP8/90000");
        Assert.Equal([96, 97], media.Codecs.Select(c => c.PayloadType));
        Assert.Equal([new AttributeLine("rtpmap", "100 VP9/90000"), new AttributeLine("fmtp", "100 profile-id=0")], media.OtherAttributes);
        Assert.Null(media.FindCodec(97)!.Name);
    }

    [Fact]
    public void Fmtp_SeveralLinesForOnePayloadType_AddUp()
    {
        var media = Section("a=fmtp:96 x-google-start-bitrate=800", "a=fmtp:96 x-google-max-bitrate=2000", "a=fmtp:97");
        Assert.Equal("x-google-start-bitrate=800;x-google-max-bitrate=2000", media.FindCodec(96)!.Parameters!.Raw);
        Assert.Equal("2000", media.FindCodec(96)!.Parameters!["X-Google-Max-Bitrate"]);
        Assert.Equal(string.Empty, media.FindCodec(97)!.Parameters!.Raw);
        Assert.Contains("a=fmtp:97\r\n", WrittenSection(media), StringComparison.Ordinal);
    }

    [Fact]
    public void FormatParameters_SplitTrimAndJoin()
    {
        var parameters = new FormatParameters(" a=1 ; b = 2;;flag; c=x=y ");
        Assert.Equal("a=1 ; b = 2;;flag; c=x=y", parameters.Raw);
        Assert.Equal(
            [new FormatParameter("a", "1"), new FormatParameter("b", "2"), new FormatParameter("flag", null), new FormatParameter("c", "x=y")],
            parameters.Items);
        Assert.True(parameters.TryGetValue("flag", out var flag));
        Assert.Null(flag);
        Assert.False(parameters.TryGetValue("missing", out _));
        Assert.False(parameters.TryGetInt("c", out _));
        Assert.Equal("a=1;flag", new FormatParameters([new FormatParameter("a", "1"), new FormatParameter("flag", null)]).Raw);
        Assert.Equal(new FormatParameters("a=1"), new FormatParameters(" a=1"));
        Assert.NotEqual(new FormatParameters("a=1"), new FormatParameters("a=2"));
    }

    [Fact]
    public void Extmap_DirectionsAndAttributes()
    {
        var media = Section(
            "a=extmap:1/sendonly urn:ietf:params:rtp-hdrext:ssrc-audio-level",
            "a=extmap:2/inactive urn:x",
            "a=extmap:255 urn:y some attributes here",
            "a=extmap:15 urn:z");
        Assert.Equal(
            [
                new HeaderExtension(1, "urn:ietf:params:rtp-hdrext:ssrc-audio-level", MediaDirection.SendOnly),
                new HeaderExtension(2, "urn:x", MediaDirection.Inactive),
                new HeaderExtension(255, "urn:y", null, "some attributes here"),
                new HeaderExtension(15, "urn:z"),
            ],
            media.HeaderExtensions);
        Assert.True(media.HeaderExtensions[0].FitsOneByteHeader);
        Assert.False(media.HeaderExtensions[2].FitsOneByteHeader);
        Assert.False(media.HeaderExtensions[3].FitsOneByteHeader);
        Assert.Contains("a=extmap:255 urn:y some attributes here\r\n", WrittenSection(media), StringComparison.Ordinal);
    }

    [Fact]
    public void Simulcast_PausedAlternatives_AndLegacySyntax()
    {
        var paused = Section("a=simulcast:recv ~a,b;c send d").Simulcast!;
        Assert.Equal([new SimulcastRid("a", true), new SimulcastRid("b")], paused.Receive[0].Alternatives);
        Assert.Equal([new SimulcastRid("c")], paused.Receive[1].Alternatives);
        Assert.Equal("d", Assert.Single(paused.Send).Alternatives[0].Id);

        // Firefox before 71 and early Chromium: a space after the colon and the draft's "rid=" prefix.
        var legacy = Section("a=simulcast: send rid=f;h;q").Simulcast!;
        Assert.Equal(["f", "h", "q"], legacy.Send.Select(l => l.Alternatives[0].Id));
        Assert.Contains("a=simulcast:recv ~a,b;c\r\n", WrittenSection(Section("a=simulcast:recv ~a,b;c")), StringComparison.Ordinal);
        Assert.Contains("a=simulcast:send d recv ~a,b;c\r\n", WrittenSection(Section("a=simulcast:recv ~a,b;c send d")), StringComparison.Ordinal);
    }

    [Fact]
    public void Rid_ValuelessRestriction_AndPayloadList()
    {
        var rid = Assert.Single(Section("a=rid:r0 send pt=96,97;max-br=64000;depend;max-fps=30").Rids);
        Assert.Equal([96, 97], rid.PayloadTypes);
        Assert.Equal([new RidRestriction("max-br", "64000"), new RidRestriction("depend", null), new RidRestriction("max-fps", "30")], rid.Restrictions);
        Assert.Null(rid.GetRestriction("depend"));
        Assert.Null(rid.GetRestriction("max-width"));
        var restrictionsOnly = Assert.Single(Section("a=rid:f send max-width=1280").Rids);
        Assert.Contains("a=rid:f send max-width=1280\r\n", WrittenSection(Section("a=rid:f send max-width=1280")), StringComparison.Ordinal);
        Assert.Empty(restrictionsOnly.PayloadTypes);
    }

    [Fact]
    public void Ssrc_BareAndValueless()
    {
        var media = Section("a=ssrc:1", "a=ssrc:2 cname", "a=ssrc:3 cname:", "a=ssrc:4294967295 msid:s t");
        Assert.Equal(
            [new SsrcLine(1, string.Empty), new SsrcLine(2, "cname"), new SsrcLine(3, "cname", string.Empty), new SsrcLine(4294967295, "msid", "s t")],
            media.SsrcLines);
        Assert.Contains("a=ssrc:1\r\na=ssrc:2 cname\r\na=ssrc:3 cname:\r\na=ssrc:4294967295 msid:s t\r\n", WrittenSection(media), StringComparison.Ordinal);
    }

    [Fact]
    public void Msid_WithoutTrack_AndSeveral()
    {
        var media = Section("a=msid:stream", "a=msid:- track");
        Assert.Equal([new Msid("stream"), new Msid("-", "track")], media.Msids);
    }

    [Fact]
    public void Rtcp_PortOnly_AndIpv6()
    {
        Assert.Equal(new RtcpAddress(53020), Section("a=rtcp:53020").Rtcp);
        Assert.Equal(new RtcpAddress(9, new ConnectionData("IN", "IP6", "::")), Section("a=rtcp:9 IN IP6 ::").Rtcp);
    }

    [Fact]
    public void SetupRoles_AndDirections()
    {
        Assert.Equal(DtlsSetup.HoldConn, Section("a=setup:holdconn").Setup);
        Assert.Equal(DtlsSetup.Passive, Section("a=setup:passive").Setup);
        Assert.Equal(MediaDirection.Inactive, Section("a=inactive").Direction);
        Assert.Equal(MediaDirection.SendReceive, Section().EffectiveDirection(Parse(Header)));
    }

    [Fact]
    public void MediaLevel_IceLite_AndSessionLevelAttributesInASection_AreKept()
    {
        var media = Section("a=ice-lite", "a=group:BUNDLE 0", "a=msid-semantic:WMS *", "a=rtcp-mux-only", "a=ptime:20");
        Assert.True(media.IceLite);
        Assert.Equal(new AttributeLine("ptime", "20"), media.FindOtherAttribute("ptime"));
        Assert.Equal(new AttributeLine("rtcp-mux-only"), media.FindOtherAttribute("rtcp-mux-only"));
        Assert.Null(media.FindOtherAttribute("bundle-only"));
        Assert.Equal(
            [new AttributeLine("group", "BUNDLE 0"), new AttributeLine("msid-semantic", "WMS *"), new AttributeLine("rtcp-mux-only"), new AttributeLine("ptime", "20")],
            media.OtherAttributes);
    }

    [Fact]
    public void NonRtpSection_CodecLinesAreOtherAttributes()
    {
        var media = Assert.Single(Parse(Header + "m=application 9 DTLS/SCTP 5000\r\na=sctpmap:5000 webrtc-datachannel 1024\r\na=fmtp:5000 max-message-size=100000\r\n").Media);
        Assert.Equal(["5000"], media.Formats);
        Assert.Equal([new AttributeLine("sctpmap", "5000 webrtc-datachannel 1024"), new AttributeLine("fmtp", "5000 max-message-size=100000")], media.OtherAttributes);
    }

    [Fact]
    public void SessionLevel_EndOfCandidates()
    {
        var sdp = Parse(Header + "a=end-of-candidates\r\nm=audio 9 RTP/AVP 0\r\n");
        Assert.True(sdp.EndOfCandidates);
        Assert.False(sdp.Media[0].EndOfCandidates);
        Assert.Equal(Header + "a=end-of-candidates\r\nm=audio 9 RTP/AVP 0\r\n", sdp.ToString());
    }

    [Fact]
    public void PortCount_AndUnknownLineTypes()
    {
        var sdp = Parse(Header + "x=ignored\r\nm=audio 49170/2 RTP/AVP 0\r\ny=ignored too\r\n");
        Assert.Equal((49170, 2), (sdp.Media[0].Port, sdp.Media[0].PortCount!.Value));
        Assert.Contains("m=audio 49170/2 RTP/AVP 0\r\n", sdp.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("ignored", sdp.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void RepeatTimes_TimeZones_Key_AndSessionOnlyLines()
    {
        var text = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=Seminar\r\nc=IN IP4 233.252.0.1/127\r\nb=CT:128\r\nt=3034423619 3042462419\r\nr=604800 3600 0 90000\r\nr=7d 1h 0 25h\r\nt=0 0\r\nz=2882844526 -1h 2898848070 0\r\nk=prompt\r\na=recvonly\r\nm=audio 49170 RTP/AVP 0\r\ni=main audio\r\nk=clear:secret\r\n";
        var sdp = Parse(text);
        Assert.Equal(2, sdp.Times.Count);
        Assert.Equal((3034423619UL, 3042462419UL), (sdp.Times[0].StartTime, sdp.Times[0].StopTime));
        Assert.Equal(["604800 3600 0 90000", "7d 1h 0 25h"], sdp.Times[0].Repeats);
        Assert.Equal("2882844526 -1h 2898848070 0", sdp.TimeZones);
        Assert.Equal("prompt", sdp.EncryptionKey);
        Assert.Equal(MediaDirection.ReceiveOnly, sdp.Direction);
        Assert.Equal(new ConnectionData("IN", "IP4", "233.252.0.1/127"), sdp.Connection);
        Assert.Equal(("main audio", "clear:secret"), (sdp.Media[0].Information, sdp.Media[0].EncryptionKey));
        Assert.Equal(text, sdp.ToString());
    }

    private static string WrittenSection(MediaDescription media)
    {
        var session = Parse(Header);
        session.Media.Add(media);
        return session.ToString();
    }
}
