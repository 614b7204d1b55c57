using OpenLive.Rtc.Sdp;
using static OpenLive.Rtc.Tests.Sdp.SdpTestText;

namespace OpenLive.Rtc.Tests.Sdp;

/// <summary>The RFCs' own example descriptions, parsed and written back.</summary>
public sealed class RfcExampleTests
{
    [Fact]
    public void Rfc8866Section5_Example()
    {
        var sdp = Parse(Crlf(RfcFixtures.Rfc8866Example));
        Assert.Equal(new Origin("jdoe", "3724394400", "3724394405", "IN", "IP4", "198.51.100.1"), sdp.Origin);
        Assert.Equal("Call to John Smith", sdp.SessionName);
        Assert.Equal("SDP Offer #1", sdp.Information);
        Assert.Equal("http://www.jdoe.example.com/home.html", sdp.UriReference);
        Assert.Equal(["Jane Doe <jane@jdoe.example.com>"], sdp.Emails);
        Assert.Equal(["+1 617 555-6011"], sdp.Phones);
        Assert.Equal(new ConnectionData("IN", "IP4", "198.51.100.1"), sdp.Connection);
        Assert.Equal(3, sdp.Media.Count);
        Assert.Equal((49170, "RTP/AVP"), (sdp.Media[0].Port, sdp.Media[0].Protocol));
        var pcmu = Assert.Single(sdp.Media[0].Codecs);
        Assert.Equal((0, null, 0U), (pcmu.PayloadType, pcmu.Name, pcmu.ClockRate));
        Assert.Equal(49180, sdp.Media[1].Port);
        var video = sdp.Media[2];
        Assert.Equal(new ConnectionData("IN", "IP6", "2001:db8::2"), video.Connection);
        Assert.Equal(("h263-1998", 90000U), (video.Codecs[0].Name, video.Codecs[0].ClockRate));
        Assert.Null(video.Mid);

        // The RFC writes its lines in the canonical order already.
        Assert.Equal(Crlf(RfcFixtures.Rfc8866Example), sdp.ToString());
    }

    [Fact]
    public void Rfc8839Section4_2_6_Example()
    {
        var sdp = Parse(RfcFixtures.Rfc8839Example);
        Assert.Equal(string.Empty, sdp.SessionName);
        Assert.Equal(["ice2"], sdp.IceOptions);
        Assert.Equal(("8hhY", "asd88fgpdd777uzjYhagZg"), (sdp.IceUfrag, sdp.IcePwd));
        Assert.Equal([new AttributeLine("ice-pacing", "50")], sdp.OtherAttributes);
        Assert.Equal("50", sdp.FindOtherAttribute("ice-pacing")?.Value);
        var audio = Assert.Single(sdp.Media);
        Assert.Equal([new Bandwidth("RS", 0), new Bandwidth("RR", 0)], audio.Bandwidths);
        Assert.Equal(2, audio.Candidates.Count);
        var host = audio.Candidates[0];
        Assert.Equal(("1", 1, "UDP", 2130706431U, "203.0.113.141", 8998, IceCandidateType.Host),
            (host.Foundation, host.Component, host.Transport, host.Priority, host.Address, host.Port, host.Type));
        var srflx = audio.Candidates[1];
        Assert.Equal(("192.0.2.3", 45664, IceCandidateType.ServerReflexive, "203.0.113.141", 8998),
            (srflx.Address, srflx.Port, srflx.Type, srflx.RelatedAddress, srflx.RelatedPort!.Value));

        // Written back: "s=" becomes "s= " (RFC 8866 §5.3), the session attributes take the canonical order.
        var written = sdp.ToString();
        Assert.Contains("\r\ns= \r\n", written, StringComparison.Ordinal);
        Assert.Equal(
            Lines(RfcFixtures.Rfc8839Example).Select(l => l == "s=" ? "s= " : l).Order(StringComparer.Ordinal),
            Lines(written).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Rfc8853Section5_1_SimulcastWithAlternativesAndRidRestrictions()
    {
        var video = Assert.Single(Parse(RfcFixtures.Rfc8853Example).Media);
        var simulcast = video.Simulcast!;
        Assert.Equal(2, simulcast.Send.Count);
        Assert.Equal(["1"], simulcast.Send[0].Alternatives.Select(a => a.Id));
        Assert.Equal(["2", "3"], simulcast.Send[1].Alternatives.Select(a => a.Id));
        Assert.Equal(["4"], Assert.Single(simulcast.Receive).Alternatives.Select(a => a.Id));
        Assert.DoesNotContain(simulcast.Send.SelectMany(l => l.Alternatives), a => a.Paused);

        var rid1 = video.FindRid("1")!;
        Assert.Equal((RidDirection.Send, 97), (rid1.Direction, Assert.Single(rid1.PayloadTypes)));
        Assert.Equal([new RidRestriction("max-width", "1280"), new RidRestriction("max-height", "720")], rid1.Restrictions);
        Assert.Equal("180", video.FindRid("3")!.GetRestriction("max-height"));
        var rid4 = video.FindRid("4")!;
        Assert.Equal((RidDirection.Receive, 97), (rid4.Direction, Assert.Single(rid4.PayloadTypes)));
        Assert.Empty(rid4.Restrictions);

        // "max-fs=240; max-fr=30": the space after ';' is not part of the name.
        Assert.Equal("30", video.FindCodec(99)?.Parameters?["max-fr"]);
        Assert.Equal(new HeaderExtension(1, OpenLive.Rtc.Rtp.RtpExtensionUris.RtpStreamId), Assert.Single(video.HeaderExtensions));

        var written = Parse(RfcFixtures.Rfc8853Example).ToString();
        Assert.Contains("\r\na=rid:1 send pt=97;max-width=1280;max-height=720\r\n", written, StringComparison.Ordinal);
        Assert.Contains("\r\na=rid:4 recv pt=97\r\n", written, StringComparison.Ordinal);
        Assert.Contains("\r\na=simulcast:send 1;2,3 recv 4\r\n", written, StringComparison.Ordinal);
        Assert.Contains("\r\na=fmtp:99 max-fs=240; max-fr=30\r\n", written, StringComparison.Ordinal);
    }
}
