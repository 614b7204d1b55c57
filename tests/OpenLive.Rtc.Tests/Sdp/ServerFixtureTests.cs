using OpenLive.Rtc.Sdp;
using static OpenLive.Rtc.Tests.Sdp.SdpTestText;

namespace OpenLive.Rtc.Tests.Sdp;

public sealed class ServerFixtureTests
{
    [Fact]
    public void Werift_CandidatesFirst_ExtmapsLast_SimulcastReceive()
    {
        var offer = Parse(Lf(ServerFixtures.WeriftOffer));
        var audio = offer.Media[0];
        Assert.Equal(2, audio.Candidates.Count);
        Assert.Equal("f3a8c2e1b4d5e6f7a8b9c0d1e2f3a4b5", audio.Candidates[0].Foundation);
        Assert.True(audio.Candidates[0].IsUdp);
        Assert.Null(audio.Candidates[0].Generation);
        Assert.Equal(("192.168.1.20", 50432), (audio.Candidates[1].RelatedAddress, audio.Candidates[1].RelatedPort!.Value));
        Assert.True(audio.EndOfCandidates);
        Assert.Equal(MediaDirection.SendOnly, audio.Direction);
        Assert.Equal([1, 3], audio.HeaderExtensions.Select(e => e.Id));
        Assert.Equal(new Msid("werift-stream", "werift-audio"), Assert.Single(audio.Msids));

        var video = offer.Media[1];
        Assert.Equal(MediaDirection.ReceiveOnly, video.Direction);
        Assert.Equal(["high", "low"], video.Rids.Select(r => r.Id));
        Assert.All(video.Rids, rid => Assert.Equal(RidDirection.Receive, rid.Direction));
        Assert.Equal(["high", "low"], video.Simulcast!.Receive.Select(l => l.Alternatives[0].Id));
        Assert.Empty(video.Simulcast.Send);
        Assert.Equal(4, video.FindHeaderExtension(OpenLive.Rtc.Rtp.RtpExtensionUris.RepairedRtpStreamId)?.Id);
    }

    [Fact]
    public void Werift_TrailingSpaceAfterSimulcast_IsIgnored()
    {
        var text = Lf(ServerFixtures.WeriftOffer).Replace("recv high;low\n", "recv high;low \n", StringComparison.Ordinal);
        Assert.Equal(2, Parse(text).Media[1].Simulcast!.Receive.Count);
    }

    [Fact]
    public void LibWebRtcNode_LegacySourceAttributes_AndDataChannelBandwidth()
    {
        var offer = Parse(Crlf(ServerFixtures.LibWebRtcNodeOffer));
        Assert.Equal(["2fa35d8a-9c1e-4b7f-8d2a-3e6f1c0b5a47"], offer.MsidSemantic?.Identifiers);
        var audio = offer.Media[0];
        Assert.Equal(13, audio.Codecs.Count);
        Assert.Equal(["ISAC", "ISAC"], new[] { audio.FindCodec(103)?.Name, audio.FindCodec(104)?.Name });
        Assert.Equal(32000U, audio.FindCodec(104)?.ClockRate);
        Assert.Equal(["cname", "msid", "mslabel", "label"], audio.SsrcLines.Select(s => s.Name));
        Assert.Equal("7c4e9a1b-3d5f-4b2c-9e8a-1f0d2c3b4a59", audio.FindSsrcAttribute(2731290114, "label"));
        Assert.Equal(6, audio.HeaderExtensions.Count);

        var data = offer.Media[1];
        Assert.Equal(new Bandwidth("AS", 30), Assert.Single(data.Bandwidths));
        Assert.Equal((5000, 262144UL), (data.SctpPort!.Value, data.MaxMessageSize!.Value));
    }

    [Fact]
    public void WhipObs_NoTrickle_CommaIceOptions_LipSyncGroup()
    {
        var offer = Parse(Crlf(ServerFixtures.WhipObsOffer));
        Assert.Equal("rtc", offer.Origin.Username);
        Assert.Equal(["ice2", "trickle"], offer.IceOptions);
        Assert.Equal(["BUNDLE", "LS"], offer.Groups.Select(g => g.Semantics));
        Assert.Equal(["0", "1"], offer.FindGroup("LS")?.Mids);
        Assert.Single(offer.Fingerprints);

        var audio = offer.Media[0];
        Assert.Equal((54321, "192.168.1.30"), (audio.Port, audio.Connection!.Address));
        Assert.Equal(MediaDirection.SendOnly, audio.Direction);
        Assert.Equal(3, audio.Candidates.Count);
        Assert.Equal(["UDP", "UDP", "UDP"], audio.Candidates.Select(c => c.Transport));
        Assert.True(audio.Candidates.All(c => c.IsUdp));
        Assert.True(audio.Candidates[1].TryGetIPAddress(out var ipv6));
        Assert.Equal(System.Net.Sockets.AddressFamily.InterNetworkV6, ipv6.AddressFamily);
        Assert.True(audio.EndOfCandidates);
        Assert.Equal("96000", audio.FindCodec(111)?.Parameters?["maxaveragebitrate"]);
        Assert.Equal(DtlsSetup.ActPass, audio.Setup);
        Assert.Equal("R1Iq", audio.IceUfrag);

        var video = offer.Media[1];
        Assert.Equal(new Bandwidth("AS", 2500), Assert.Single(video.Bandwidths));
        Assert.Empty(video.Candidates);
        Assert.False(video.EndOfCandidates);
        var h264 = Assert.Single(video.Codecs);
        Assert.Equal(("H264", "42e01f"), (h264.Name, h264.Parameters?["profile-level-id"]));
        Assert.Equal([RtcpFeedback.Nack, RtcpFeedback.PictureLoss, RtcpFeedback.GoogRemb], h264.Feedback);
        Assert.Equal(new Msid("obs", "obs-video"), Assert.Single(video.Msids));
    }

    [Fact]
    public void WhipObs_Written_HasSpaceSeparatedIceOptions()
    {
        var written = Parse(ServerFixtures.WhipObsOffer).ToString();
        Assert.Contains("\r\na=ice-options:ice2 trickle\r\n", written, StringComparison.Ordinal);
        Assert.Equal(["ice2", "trickle"], Parse(written).IceOptions);
    }

    [Fact]
    public void SfuAnswer_IceLiteAndEndOfCandidates()
    {
        var answer = Parse(Crlf(ServerFixtures.SfuAnswer));
        Assert.True(answer.IceLite);
        var audio = answer.Media[0];
        Assert.Equal(3, audio.Candidates.Count);
        Assert.True(audio.EndOfCandidates);
        var tcp = audio.Candidates[1];
        Assert.True(tcp.IsTcp);
        Assert.Equal(IceTcpType.Passive, tcp.TcpType);
        Assert.Equal(DtlsSetup.Passive, audio.Setup);
        Assert.All(answer.Media.Skip(1), media => Assert.Empty(media.Candidates));
        Assert.Equal(Simulcast.Receiving("q", "h", "f").Receive.Select(l => l.Alternatives[0]), answer.Media[1].Simulcast!.Receive.Select(l => l.Alternatives[0]));
    }
}
