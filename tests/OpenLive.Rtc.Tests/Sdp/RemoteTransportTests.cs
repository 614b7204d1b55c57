using OpenLive.Rtc.Sdp;

namespace OpenLive.Rtc.Tests.Sdp;

/// <summary>The peer's transport as both endpoints read it from SDP, and the shared answer sections.</summary>
public sealed class RemoteTransportTests
{
    private const string Fingerprint = "sha-256 19:E2:1C:3B:4B:9F:81:E6:B8:5C:F4:A5:A8:D8:73:04:BB:05:2F:70:9F:04:A9:0E:05:E9:26:33:E8:70:88:A2";

    private static string Offer(string sessionLevel = "", string sectionLevel = "", string setup = "actpass") => SdpTestText.Crlf($"""
        v=0
        o=- 1 1 IN IP4 127.0.0.1
        s=-
        t=0 0
        a=group:BUNDLE 0
        {sessionLevel}
        m=audio 9 UDP/TLS/RTP/SAVPF 111
        c=IN IP4 0.0.0.0
        a=mid:0
        a=rtcp-mux
        a=setup:{setup}
        {sectionLevel}
        a=rtpmap:111 opus/48000/2
        """.Replace("\n\n", "\n", StringComparison.Ordinal).Replace("\n\n", "\n", StringComparison.Ordinal));

    [Fact]
    public void ReadsTheTransportSection_CandidatesAndSetup()
    {
        var offer = SdpTestText.Parse(Offer(sectionLevel: $"""
            a=ice-ufrag:abcd
            a=ice-pwd:abcdefghijklmnopqrstuvwx
            a=fingerprint:{Fingerprint}
            a=candidate:1 1 udp 2122260223 192.0.2.1 50000 typ host
            a=end-of-candidates
            """));
        Assert.True(RemoteTransport.TryRead(offer, offer.Media[0], out var transport, out var error), error);
        Assert.Equal(("abcd", "abcdefghijklmnopqrstuvwx"), (transport.Ufrag, transport.Password));
        Assert.Equal(DtlsSetup.ActPass, transport.Setup);
        Assert.Equal(DtlsSetup.Passive, transport.AnswererSetup);
        Assert.Single(transport.Candidates);
        Assert.True(transport.EndOfCandidates);
        Assert.False(transport.IceLite);
        Assert.Single(transport.UsableFingerprints());
    }

    [Fact]
    public void FallsBackToSessionLevelCredentialsAndFingerprints()
    {
        var offer = SdpTestText.Parse(Offer(sessionLevel: $"""
            a=ice-lite
            a=ice-ufrag:sess
            a=ice-pwd:sessionpasswordsessionpw
            a=fingerprint:{Fingerprint}
            """, setup: "passive"));
        Assert.True(RemoteTransport.TryRead(offer, offer.Media[0], out var transport, out var error), error);
        Assert.Equal("sess", transport.Ufrag);
        Assert.True(transport.IceLite);
        Assert.Equal(DtlsSetup.Active, transport.AnswererSetup);
    }

    [Theory]
    [InlineData("a=ice-ufrag:abcd", "ice-ufrag")]
    [InlineData("a=ice-ufrag:abcd\na=ice-pwd:abcdefghijklmnopqrstuvwx", "fingerprint")]
    public void MissingCredentialsOrFingerprints_AreRefusedWithTheReason(string attributes, string named)
    {
        var offer = SdpTestText.Parse(Offer(sectionLevel: attributes));
        Assert.False(RemoteTransport.TryRead(offer, offer.Media[0], out var transport, out var error));
        Assert.Null(transport);
        Assert.Contains(named, error, StringComparison.Ordinal);
    }

    [Fact]
    public void UncheckableHashFunctions_AreSkipped_AndHoldconnHasNoAnswererSetup()
    {
        var offer = SdpTestText.Parse(Offer(sectionLevel: """
            a=ice-ufrag:abcd
            a=ice-pwd:abcdefghijklmnopqrstuvwx
            a=fingerprint:md5 00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF
            """, setup: "holdconn"));
        Assert.True(RemoteTransport.TryRead(offer, offer.Media[0], out var transport, out _));
        Assert.Empty(transport.UsableFingerprints());
        Assert.Null(transport.AnswererSetup);
    }

    [Fact]
    public void Rejected_KeepsMediaProtocolAndOneFormat_WithPortZero()
    {
        var offer = SdpTestText.Parse(Offer());
        var rejected = AnswerSections.Rejected(offer.Media[0]);
        Assert.Equal((0, MediaDirection.Inactive, "0"), (rejected.Port, rejected.Direction, rejected.Mid));
        Assert.Equal(111, Assert.Single(rejected.Codecs).PayloadType);
        Assert.Null(AnswerSections.TransportRefusalOf(offer.Media[0], offer.FindGroup(MediaGroup.Bundle)));
        Assert.Equal("not bundled", AnswerSections.TransportRefusalOf(offer.Media[0], null));
        Assert.Equal("96", AnswerSections.FormatOf(96));
    }

    [Fact]
    public void KeepHandledFeedback_EchoesWhatTheAnswererHandles_InOfferOrder()
    {
        RtcpFeedback[] offered = [new("transport-cc", null), new("nack", null), new("goog-remb", null), new("nack", "pli")];
        RtcpFeedback[] handled = [new("nack", "pli"), new("nack", null)];
        Assert.Equal([new RtcpFeedback("nack", null), new RtcpFeedback("nack", "pli")], AnswerSections.KeepHandledFeedback(offered, handled));
    }
}
