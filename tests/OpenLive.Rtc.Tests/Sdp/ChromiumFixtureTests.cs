using OpenLive.Rtc.Sdp;
using static OpenLive.Rtc.Tests.Sdp.SdpTestText;

namespace OpenLive.Rtc.Tests.Sdp;

public sealed class ChromiumFixtureTests
{
    private static readonly SessionDescription Offer = Parse(Crlf(BrowserFixtures.ChromiumOffer));

    [Fact]
    public void Offer_SessionLevel()
    {
        Assert.Equal(new Origin("-", "4611731400430051336", "2", "IN", "IP4", "127.0.0.1"), Offer.Origin);
        Assert.Equal("-", Offer.SessionName);
        var time = Assert.Single(Offer.Times);
        Assert.Equal((0UL, 0UL), (time.StartTime, time.StopTime));
        var bundle = Offer.FindGroup(MediaGroup.Bundle);
        Assert.NotNull(bundle);
        Assert.Equal(["0", "1", "2", "3"], bundle.Mids);
        Assert.True(Offer.ExtmapAllowMixed);
        Assert.Equal("WMS", Offer.MsidSemantic?.Semantics);
        Assert.Equal(["9a3f4c8e-5d2b-4c71-8f0a-2b6d1e7c3a90"], Offer.MsidSemantic?.Identifiers);
        Assert.False(Offer.IceLite);
        Assert.Empty(Offer.OtherAttributes);
        Assert.Equal(["audio", "video", "video", "application"], Offer.Media.Select(m => m.Media));
    }

    [Fact]
    public void Offer_Audio_TransportAndCandidates()
    {
        var audio = Offer.Media[0];
        Assert.Equal(MediaKind.Audio, audio.Kind);
        Assert.Equal(61665, audio.Port);
        Assert.Equal("UDP/TLS/RTP/SAVPF", audio.Protocol);
        Assert.True(audio.IsRtp);
        Assert.Equal(new ConnectionData("IN", "IP4", "203.0.113.7"), audio.Connection);
        Assert.Equal(RtcpAddress.Placeholder, audio.Rtcp);
        Assert.Equal("0", audio.Mid);
        Assert.Equal(MediaDirection.SendReceive, audio.Direction);
        Assert.Equal(("1qtc", "4xatws8phP9nhFyJfm5di4Pz"), (audio.IceUfrag, audio.IcePwd));
        Assert.Equal(["trickle"], audio.IceOptions);
        Assert.Equal(DtlsSetup.ActPass, audio.Setup);
        var fingerprint = Assert.Single(audio.Fingerprints);
        Assert.Equal("sha-256", fingerprint.HashFunction);
        Span<byte> digest = stackalloc byte[64];
        Assert.True(fingerprint.TryGetDigest(digest, out var length));
        Assert.Equal(32, length);
        Assert.Equal(0xA5, digest[0]);
        Assert.Equal(0x5C, digest[31]);
        Assert.True(audio.RtcpMux);
        Assert.True(audio.RtcpReducedSize);

        Assert.Equal(2, audio.Candidates.Count);
        var host = audio.Candidates[0];
        Assert.Equal(IceCandidateType.Host, host.Type);
        Assert.True(host.IsMdns);
        Assert.False(host.TryGetIPAddress(out _));
        Assert.Equal("4a3c9c0e-21e5-4e87-9c6c-6d8f2a1b3c4d.local", host.Address);
        Assert.Equal((54321, 2122260223U, 10U), (host.Port, host.Priority, host.NetworkCost!.Value));
        var srflx = audio.Candidates[1];
        Assert.Equal(IceCandidateType.ServerReflexive, srflx.Type);
        Assert.Equal(("0.0.0.0", 0), (srflx.RelatedAddress, srflx.RelatedPort!.Value));
        Assert.Equal((0U, 1U), (srflx.Generation!.Value, srflx.NetworkId!.Value));
        Assert.False(audio.EndOfCandidates);
    }

    [Fact]
    public void Offer_Audio_Codecs()
    {
        var audio = Offer.Media[0];
        Assert.Equal([111, 63, 9, 0, 8, 13, 110, 126], audio.Codecs.Select(c => c.PayloadType));
        var opus = audio.Codecs[0];
        Assert.Equal(("opus", 48000U, 2), (opus.Name, opus.ClockRate, opus.Channels!.Value));
        Assert.Equal([RtcpFeedback.TransportCc], opus.Feedback);
        Assert.Equal("minptime=10;useinbandfec=1", opus.Parameters?.Raw);
        Assert.Equal("1", opus.Parameters?["useinbandfec"]);
        Assert.True(opus.Parameters!.TryGetInt("minptime", out var minptime));
        Assert.Equal(10, minptime);
        var red = audio.FindCodec(63);
        Assert.Equal("red", red?.Name);
        Assert.Equal([new FormatParameter("111/111", null)], red?.Parameters?.Items);
        var g722 = audio.FindCodec(9);
        Assert.Equal(("G722", 8000U), (g722?.Name, g722!.ClockRate));
        Assert.Null(g722.Channels);
        Assert.Null(g722.Parameters);
        Assert.Equal(["telephone-event", "telephone-event"], new[] { audio.FindCodec(110)?.Name, audio.FindCodec(126)?.Name });
        Assert.Equal(48000U, audio.FindCodec(110)?.ClockRate);
    }

    [Fact]
    public void Offer_Audio_ExtensionsAndSources()
    {
        var audio = Offer.Media[0];
        Assert.Equal(
            [
                new HeaderExtension(1, OpenLive.Rtc.Rtp.RtpExtensionUris.AudioLevel),
                new HeaderExtension(2, OpenLive.Rtc.Rtp.RtpExtensionUris.AbsSendTime),
                new HeaderExtension(3, OpenLive.Rtc.Rtp.RtpExtensionUris.TransportWideCc),
                new HeaderExtension(4, OpenLive.Rtc.Rtp.RtpExtensionUris.Mid),
            ],
            audio.HeaderExtensions);
        Assert.True(audio.HeaderExtensions.All(e => e.FitsOneByteHeader));
        Assert.Equal([new Msid("9a3f4c8e-5d2b-4c71-8f0a-2b6d1e7c3a90", "1c2d5e6f-7a8b-4c9d-8e0f-a1b2c3d4e5f6")], audio.Msids);
        Assert.Equal(2, audio.SsrcLines.Count);
        Assert.Equal("k2Jv9yH0pQ7rT3wZ", audio.FindSsrcAttribute(3735928559, SsrcLine.CName));
        Assert.Equal("9a3f4c8e-5d2b-4c71-8f0a-2b6d1e7c3a90 1c2d5e6f-7a8b-4c9d-8e0f-a1b2c3d4e5f6", audio.FindSsrcAttribute(3735928559, "msid"));
        Assert.Empty(audio.OtherAttributes);
    }

    [Fact]
    public void Offer_Camera_SimulcastByRid()
    {
        var camera = Offer.Media[1];
        Assert.Equal(MediaKind.Video, camera.Kind);
        Assert.Equal(MediaDirection.SendOnly, camera.Direction);
        Assert.Equal(OpenLive.Rtc.Rtp.RtpExtensionUris.RtpStreamId, camera.HeaderExtensions.Single(e => e.Id == 10).Uri);
        Assert.Equal(11, camera.FindHeaderExtension(OpenLive.Rtc.Rtp.RtpExtensionUris.RepairedRtpStreamId)?.Id);
        Assert.Equal(14, camera.FindHeaderExtension(OpenLive.Rtc.Rtp.RtpExtensionUris.TransmissionTimeOffset)?.Id);
        Assert.Equal(["q", "h", "f"], camera.Rids.Select(r => r.Id));
        Assert.All(camera.Rids, rid => Assert.Equal(RidDirection.Send, rid.Direction));
        Assert.All(camera.Rids, rid => Assert.Empty(rid.Restrictions));
        var simulcast = camera.Simulcast;
        Assert.NotNull(simulcast);
        Assert.Empty(simulcast.Receive);
        Assert.Equal(["q", "h", "f"], simulcast.Send.Select(layer => Assert.Single(layer.Alternatives).Id));
        Assert.Empty(camera.SsrcLines);
        Assert.Empty(camera.SsrcGroups);
    }

    [Fact]
    public void Offer_Camera_VideoCodecs()
    {
        var camera = Offer.Media[1];
        Assert.Equal(21, camera.Codecs.Count);
        Assert.Equal(["VP8", "VP9", "VP9", "H264", "H264", "H264", "H264", "H264", "AV1", "red", "ulpfec"],
            camera.Codecs.Where(c => !c.IsRtx).Select(c => c.Name));
        var vp8 = camera.FindCodec(96)!;
        Assert.Equal([RtcpFeedback.GoogRemb, RtcpFeedback.TransportCc, RtcpFeedback.FullIntraRequest, RtcpFeedback.Nack, RtcpFeedback.PictureLoss], vp8.Feedback);
        Assert.Equal("2", camera.FindCodec(100)?.Parameters?["profile-id"]);
        var h264 = camera.Codecs.Where(c => c.IsNamed("h264")).Select(c => (c.Parameters?["profile-level-id"], c.Parameters?["packetization-mode"]));
        Assert.Equal([("42001f", "1"), ("42001f", "0"), ("42e01f", "1"), ("42e01f", "0"), ("4d001f", "1")], h264);
        Assert.Equal("5", camera.FindCodec(45)?.Parameters?["level-idx"]);

        // Every RTX repairs the codec listed just before it; RED's RTX repairs RED; ULPFEC has no feedback.
        foreach (var rtx in camera.Codecs.Where(c => c.IsRtx))
        {
            var index = camera.Codecs.IndexOf(rtx);
            Assert.Equal(camera.Codecs[index - 1].PayloadType, rtx.AssociatedPayloadType);
            Assert.Equal(90000U, rtx.ClockRate);
            Assert.Empty(rtx.Feedback);
        }

        Assert.Equal(125, camera.Codecs.Single(c => c.AssociatedPayloadType == 127).PayloadType);
        Assert.Empty(camera.FindCodec(116)!.Feedback);
        Assert.Null(camera.FindCodec(96)!.AssociatedPayloadType);
    }

    [Fact]
    public void Offer_ScreenShare_SsrcGroupFid()
    {
        var screen = Offer.Media[2];
        Assert.Equal("2", screen.Mid);
        var group = Assert.Single(screen.SsrcGroups);
        Assert.Equal(SsrcGroup.FlowIdentification, group.Semantics);
        Assert.Equal([1111111111U, 2222222222U], group.Ssrcs);
        Assert.Equal(4, screen.SsrcLines.Count);
        Assert.Equal("k2Jv9yH0pQ7rT3wZ", screen.FindSsrcAttribute(2222222222, SsrcLine.CName));
        Assert.Null(screen.Simulcast);
        Assert.Empty(screen.Rids);
    }

    [Fact]
    public void Offer_DataChannel()
    {
        var data = Offer.Media[3];
        Assert.Equal(MediaKind.Application, data.Kind);
        Assert.False(data.IsRtp);
        Assert.Equal("UDP/DTLS/SCTP", data.Protocol);
        Assert.Equal(["webrtc-datachannel"], data.Formats);
        Assert.Empty(data.Codecs);
        Assert.Equal(5000, data.SctpPort);
        Assert.Equal(262144UL, data.MaxMessageSize);
        Assert.Null(data.Direction);
        Assert.Equal(MediaDirection.SendReceive, data.EffectiveDirection(Offer));
        Assert.Null(data.Rtcp);
        Assert.False(data.RtcpMux);
    }

    [Fact]
    public void Offer_WrittenBack_IsChromiumsOwnText()
    {
        // Chromium's order is the canonical order; only the space after "msid-semantic:" goes.
        var expected = Crlf(BrowserFixtures.ChromiumOffer).Replace("a=msid-semantic: WMS", "a=msid-semantic:WMS", StringComparison.Ordinal);
        Assert.Equal(expected, Offer.ToString());
    }

    [Fact]
    public void Answer_RecvOnly_SetupActive()
    {
        var answer = Parse(Crlf(BrowserFixtures.ChromiumAnswer));
        Assert.Equal("WMS", answer.MsidSemantic?.Semantics);
        Assert.Empty(answer.MsidSemantic!.Identifiers);
        Assert.All(answer.Media, media =>
        {
            Assert.Equal(MediaDirection.ReceiveOnly, media.Direction);
            Assert.Equal(DtlsSetup.Active, media.Setup);
            Assert.Empty(media.Msids);
            Assert.Empty(media.SsrcLines);
            Assert.Empty(media.Candidates);
        });
        Assert.Equal(["opus"], answer.Media[0].Codecs.Select(c => c.Name));
        Assert.Equal(["VP8", "rtx"], answer.Media[1].Codecs.Select(c => c.Name));
        Assert.False(answer.Media[0].RtcpReducedSize);
        Assert.True(answer.Media[1].RtcpReducedSize);
        Assert.Equal(
            Crlf(BrowserFixtures.ChromiumAnswer).Replace("a=msid-semantic: WMS", "a=msid-semantic:WMS", StringComparison.Ordinal),
            answer.ToString());
    }

    [Fact]
    public void WhepPlayerOffer_ReceivesOnly()
    {
        var offer = Parse(Crlf(BrowserFixtures.WhepRecvOnlyOffer));
        Assert.Equal(2, offer.Media.Count);
        Assert.All(offer.Media, media =>
        {
            Assert.Equal(MediaDirection.ReceiveOnly, media.Direction);
            Assert.Equal(DtlsSetup.ActPass, media.Setup);
            Assert.Empty(media.Msids);
            Assert.Empty(media.SsrcLines);
            Assert.Empty(media.Candidates);
            Assert.Equal(["trickle"], media.IceOptions);
        });
        Assert.Equal(["VP8", "rtx", "H264", "rtx"], offer.Media[1].Codecs.Select(c => c.Name));
        Assert.Equal(102, offer.Media[1].FindCodec(103)?.AssociatedPayloadType);
    }
}
