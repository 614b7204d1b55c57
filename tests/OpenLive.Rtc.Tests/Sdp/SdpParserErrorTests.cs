using OpenLive.Rtc.Sdp;
using static OpenLive.Rtc.Tests.Sdp.SdpTestText;

namespace OpenLive.Rtc.Tests.Sdp;

public sealed class SdpParserErrorTests
{
    private const string Header = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n";

    [Theory]
    [InlineData(null, "no SDP")]
    [InlineData("", "the SDP is empty")]
    [InlineData("\r\n\r\n", "the SDP is empty")]
    [InlineData("o=- 1 1 IN IP4 127.0.0.1\r\n", "line 1: an SDP must start with v=0")]
    [InlineData("v=1\r\n", "line 1: v= must be 0")]
    [InlineData("v=0\r\nv=0\r\n", "line 2: v= appears twice")]
    [InlineData("v=0\r\nhello\r\n", "line 2: expected <type>=<value>")]
    [InlineData("v=0\r\nA=b\r\n", "line 2: expected <type>=<value>")]
    [InlineData("v=0\r\no=- 1 1 IN IP4\r\n", "line 2: o= needs exactly six fields")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\n", "the session has no t= line")]
    [InlineData("v=0\r\ns=-\r\nt=0 0\r\n", "the session has no o= line")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\nt=0 0\r\n", "the session has no s= line")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0\r\n", "line 4: t= needs <start-time> <stop-time>")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nr=1 2 3\r\nt=0 0\r\n", "line 4: r= must follow a t= line")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4\r\nt=0 0\r\n", "line 4: c= needs")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nb=AS\r\nt=0 0\r\n", "line 4: b= needs")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nb=AS:-1\r\nt=0 0\r\n", "line 4: b= needs")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=\r\n", "line 5: a= has no attribute name")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 RTP/AVP 0\r\nt=0 0\r\n", "line 6: t= belongs before the first m= line")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nv=0\r\n", "line 5: v= appears twice")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\ns=again\r\n", "line 5: s= appears twice")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\rm=audio 9 RTP/AVP 0\r\n", "line 4: the line contains a CR or NUL")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 127.0.0.1\0\r\n", "line 2: the line contains a CR or NUL")]
    public void Session_RefusedWithLineAndReason(string? sdp, string expected)
    {
        Assert.False(SessionDescription.TryParse(sdp, out var description, out var error));
        Assert.Null(description);
        Assert.StartsWith(expected, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("m=audio\r\n", "m= has no port")]
    [InlineData("m=audio 65536 RTP/AVP 0\r\n", "m= port must be 0-65535")]
    [InlineData("m=audio 9/0 RTP/AVP 0\r\n", "m= number of ports must be 1-65535")]
    [InlineData("m=audio 9\r\n", "m= protocol must be tokens")]
    [InlineData("m=audio 9 RTP//AVP 0\r\n", "m= protocol must be tokens")]
    [InlineData("m=audio 9 RTP/AVP 128\r\n", "m= payload types must be 0-127")]
    [InlineData("m=audio 9 RTP/AVP opus\r\n", "m= payload types must be 0-127")]
    [InlineData("m=audio 9 RTP/AVP 0 8 0\r\n", "m= lists payload type 0 twice")]
    [InlineData("m=audio 9 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:0 PCMU/8000\r\n", "a=rtpmap: payload type 0 is mapped twice")]
    [InlineData("m=audio 9 RTP/AVP 0\r\na=rtpmap:0 PCMU\r\n", "a=rtpmap: the clock rate must be a positive number")]
    [InlineData("m=audio 9 RTP/AVP 0\r\na=rtpmap:0 PCMU/0\r\n", "a=rtpmap: the clock rate must be a positive number")]
    [InlineData("m=audio 9 RTP/AVP 0\r\na=rtpmap:0 /8000\r\n", "a=rtpmap: the encoding name is missing")]
    [InlineData("m=audio 9 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000/0\r\n", "a=rtpmap: the channel count must be 1-255")]
    [InlineData("m=audio 9 RTP/AVP 0\r\na=rtpmap:300 PCMU/8000\r\n", "a=rtpmap: the payload type must be 0-127")]
    [InlineData("m=audio 9 RTP/AVP 0\r\na=rtpmap\r\n", "a=rtpmap: needs a value")]
    [InlineData("m=audio 9 RTP/AVP 0\r\na=rtcp-fb:0\r\n", "a=rtcp-fb: expected <type> [<parameter>]")]
    [InlineData("m=audio 9 RTP/AVP 0\r\na=extmap:0 urn:x\r\n", "a=extmap: the id must be 1-255")]
    [InlineData("m=audio 9 RTP/AVP 0\r\na=extmap:256 urn:x\r\n", "a=extmap: the id must be 1-255")]
    [InlineData("m=audio 9 RTP/AVP 0\r\na=extmap:1/both urn:x\r\n", "a=extmap: the direction must be")]
    [InlineData("m=audio 9 RTP/AVP 0\r\na=extmap:1\r\n", "a=extmap: expected <id>[/<direction>] <uri>")]
    [InlineData("m=audio 9 RTP/AVP 0\r\na=extmap:1 urn:x\r\na=extmap:1 urn:y\r\n", "a=extmap: id 1 is mapped twice")]
    [InlineData("m=audio 9 RTP/AVP 0\r\na=mid:0\r\na=mid:1\r\n", "a=mid: appears twice")]
    [InlineData("m=audio 9 RTP/AVP 0\r\na=mid:a b\r\n", "a=mid: the mid must be a token")]
    [InlineData("m=audio 9 RTP/AVP 0\r\na=sendonly\r\na=recvonly\r\n", "a=recvonly: appears twice")]
    [InlineData("m=audio 9 RTP/AVP 0\r\na=sendonly:yes\r\n", "a=sendonly: takes no value")]
    [InlineData("m=audio 9 RTP/AVP 0\r\na=rtcp-mux\r\na=rtcp-mux\r\n", "a=rtcp-mux: appears twice")]
    [InlineData("m=audio 9 RTP/AVP 0\r\na=setup:client\r\n", "a=setup: must be actpass")]
    [InlineData("m=audio 9 RTP/AVP 0\r\na=ice-ufrag:abc\r\n", "a=ice-ufrag: the ufrag must be 4-256 ICE characters")]
    [InlineData("m=audio 9 RTP/AVP 0\r\na=ice-ufrag:ab-cd\r\n", "a=ice-ufrag: the ufrag must be 4-256 ICE characters")]
    [InlineData("m=audio 9 RTP/AVP 0\r\na=ice-pwd:tooshort\r\n", "a=ice-pwd: the password must be 22-256 ICE characters")]
    [InlineData("m=audio 9 RTP/AVP 0\r\na=ice-options:\r\n", "a=ice-options: names no option")]
    [InlineData("m=audio 9 RTP/AVP 0\r\na=fingerprint:sha-256 AB:CD:E\r\n", "a=fingerprint: the fingerprint must be 1-64 hex pairs")]
    [InlineData("m=audio 9 RTP/AVP 0\r\na=fingerprint:sha-256\r\n", "a=fingerprint: expected <hash-func> <hex pairs>")]
    [InlineData("m=audio 9 RTP/AVP 0\r\na=candidate:1 1 udp 1 192.0.2.1 1 typ nat\r\n", "a=candidate: expected typ host")]
    [InlineData("m=audio 9 RTP/AVP 0\r\na=ssrc:abc cname:x\r\n", "a=ssrc: the ssrc must be a number")]
    [InlineData("m=audio 9 RTP/AVP 0\r\na=ssrc:4294967296 cname:x\r\n", "a=ssrc: the ssrc must be a number")]
    [InlineData("m=audio 9 RTP/AVP 0\r\na=ssrc:1 :x\r\n", "a=ssrc: the source attribute has no name")]
    [InlineData("m=audio 9 RTP/AVP 0\r\na=ssrc-group:FID 1 x\r\n", "a=ssrc-group: an ssrc must be a number")]
    [InlineData("m=audio 9 RTP/AVP 0\r\na=msid:\r\n", "a=msid: expected <stream id>")]
    [InlineData("m=audio 9 RTP/AVP 0\r\na=rid:a.b send\r\n", "a=rid: the rid must be")]
    [InlineData("m=audio 9 RTP/AVP 0\r\na=rid:a sendrecv\r\n", "a=rid: the direction must be send or recv")]
    [InlineData("m=audio 9 RTP/AVP 0\r\na=rid:a send pt=200\r\n", "a=rid: pt= must list payload types")]
    [InlineData("m=audio 9 RTP/AVP 0\r\na=rid:a send pt=0;pt=0\r\n", "a=rid: pt= must list payload types")]
    [InlineData("m=audio 9 RTP/AVP 0\r\na=rid:a send\r\na=rid:a send\r\n", "a=rid: a is described twice")]
    [InlineData("m=audio 9 RTP/AVP 0\r\na=simulcast:send\r\n", "a=simulcast: send has no layers")]
    [InlineData("m=audio 9 RTP/AVP 0\r\na=simulcast:send a send b\r\n", "a=simulcast: send appears twice")]
    [InlineData("m=audio 9 RTP/AVP 0\r\na=simulcast:both a\r\n", "a=simulcast: expected send or recv")]
    [InlineData("m=audio 9 RTP/AVP 0\r\na=simulcast:send a;;b\r\n", "a=simulcast: layers must be RIDs")]
    [InlineData("m=audio 9 RTP/AVP 0\r\na=simulcast:\r\n", "a=simulcast: expected send or recv")]
    [InlineData("m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\na=sctp-port:70000\r\n", "a=sctp-port: the port must be 0-65535")]
    [InlineData("m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\na=max-message-size:big\r\n", "a=max-message-size: the size must be a number")]
    [InlineData("m=audio 9 RTP/AVP 0\r\na=rtcp:x\r\n", "a=rtcp: expected <port>")]
    [InlineData("m=audio 9 RTP/AVP 0\r\na=mid:a\r\nm=audio 9 RTP/AVP 0\r\na=mid:a\r\n", "m= sections 1 and 2 share the mid a")]
    public void Media_RefusedWithLineAndReason(string section, string expected)
    {
        Assert.False(SessionDescription.TryParse(Header + section, out _, out var error));
        if (expected.StartsWith("m= sections", StringComparison.Ordinal))
        {
            Assert.Equal(expected, error);
            return;
        }

        // Every case fails on its last line.
        var lastLine = Header.Split('\n').Length - 1 + section.Split('\n').Length - 1;
        Assert.StartsWith($"line {lastLine}: {expected}", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a=group\r\n", "a=group: needs a value")]
    [InlineData("a=group:BUN DLE\r\n", null)]
    [InlineData("a=group:\r\n", "a=group: the semantics must be a token")]
    [InlineData("a=ice-lite:yes\r\n", "a=ice-lite: takes no value")]
    [InlineData("a=ice-lite\r\na=ice-lite\r\n", "a=ice-lite: appears twice")]
    [InlineData("a=msid-semantic:\r\n", "a=msid-semantic: expected <semantics>")]
    [InlineData("a=extmap-allow-mixed\r\na=extmap-allow-mixed\r\n", "a=extmap-allow-mixed: appears twice")]
    [InlineData("a=ice-options:trickle\r\na=ice-options:ice2\r\n", "a=ice-options: appears twice")]
    public void SessionAttributes_RefusedWithReason(string attributes, string? expected)
    {
        var ok = SessionDescription.TryParse(Header + attributes, out _, out var error);
        if (expected is null)
        {
            Assert.True(ok, error);
            return;
        }

        Assert.False(ok);
        Assert.StartsWith("line ", error, StringComparison.Ordinal);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void LineEndings_CrlfLfMixedAndNoFinalNewline_AllParseTheSame()
    {
        var crlf = Parse(Crlf(BrowserFixtures.ChromiumOffer));
        var lf = Parse(Lf(BrowserFixtures.ChromiumOffer));
        var mixed = Parse(string.Concat(Lines(BrowserFixtures.ChromiumOffer).Select((line, i) => line + (i % 2 == 0 ? "\n" : "\r\n"))));
        var bare = Parse(BrowserFixtures.ChromiumOffer);
        var padded = Parse(Crlf(BrowserFixtures.ChromiumOffer) + "\r\n\r\n\n  \r\n");
        var spaced = Parse(Crlf(BrowserFixtures.ChromiumOffer).Replace("\r\n", " \t\r\n", StringComparison.Ordinal));
        foreach (var other in new[] { lf, mixed, bare, padded, spaced })
        {
            StructuralAssert.Equal(crlf, other);
        }
    }

    [Fact]
    public void Limits_LengthMediaSectionsAndAttributes()
    {
        Assert.False(SessionDescription.TryParse(Header + new string('x', SdpLimits.MaxLength), out _, out var error));
        Assert.Equal($"the SDP is longer than {SdpLimits.MaxLength} characters", error);

        var sections = string.Concat(Enumerable.Repeat("m=audio 9 RTP/AVP 0\r\n", SdpLimits.MaxMediaSections));
        Assert.True(SessionDescription.TryParse(Header + sections, out var many, out error), error);
        Assert.Equal(SdpLimits.MaxMediaSections, many.Media.Count);
        Assert.False(SessionDescription.TryParse(Header + sections + "m=audio 9 RTP/AVP 0\r\n", out _, out error));
        Assert.Equal($"line {4 + SdpLimits.MaxMediaSections + 1}: more than {SdpLimits.MaxMediaSections} m= sections", error);

        var attributes = string.Concat(Enumerable.Repeat("a=x\r\n", SdpLimits.MaxAttributesPerSection));
        Assert.True(SessionDescription.TryParse(Header + attributes + "m=audio 9 RTP/AVP 0\r\n" + attributes, out _, out error), error);
        Assert.False(SessionDescription.TryParse(Header + "m=audio 9 RTP/AVP 0\r\n" + attributes + "a=x\r\n", out _, out error));
        Assert.Equal($"line {5 + SdpLimits.MaxAttributesPerSection + 1}: more than {SdpLimits.MaxAttributesPerSection} attributes in one section", error);
    }
}
