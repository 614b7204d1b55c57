using OpenLive.Rtc.Client;
using OpenLive.Rtc.Sdp;

namespace OpenLive.Rtc.Client.Tests;

/// <summary>What our offers and answers say, and how remote descriptions are taken or refused.</summary>
public sealed class ClientSdpTests
{
    /// <summary>An offer libwebrtc (node-webrtc 0.10) made for a sendonly video and a sendonly audio track, candidates trimmed.</summary>
    private const string LibwebrtcOffer = """
        v=0
        o=- 4186428630558739181 2 IN IP4 127.0.0.1
        s=-
        t=0 0
        a=group:BUNDLE 0 1
        a=extmap-allow-mixed
        a=msid-semantic: WMS
        m=video 39912 UDP/TLS/RTP/SAVPF 96 97 39 40 98 99 125 124 127
        c=IN IP4 192.0.2.2
        a=rtcp:9 IN IP4 0.0.0.0
        a=candidate:3229573512 1 udp 2122194687 192.0.2.2 39912 typ host generation 0 network-id 1
        a=candidate:1510613869 1 udp 2122063615 127.0.0.1 56899 typ host generation 0 network-id 3
        a=candidate:2398920056 1 tcp 1518214911 192.0.2.2 39631 typ host tcptype passive generation 0 network-id 1
        a=candidate:1 1 udp 2122063615 3f2b7c1e-7a5d-4a43-9d0e-3c8c5e1a2b44.local 56900 typ host generation 0
        a=ice-ufrag:nkAl
        a=ice-pwd:7APzm+GFcTrgvsTppcOEQ6X2
        a=ice-options:trickle
        a=fingerprint:sha-256 98:A6:82:59:82:21:13:7A:4A:A0:57:FC:2D:6D:38:33:D0:A4:DC:ED:BE:1D:8F:B5:6F:F5:81:76:E4:97:D3:4B
        a=setup:actpass
        a=mid:0
        a=extmap:1 urn:ietf:params:rtp-hdrext:toffset
        a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time
        a=extmap:3 urn:3gpp:video-orientation
        a=extmap:4 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01
        a=extmap:9 urn:ietf:params:rtp-hdrext:sdes:mid
        a=extmap:10 urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id
        a=extmap:11 urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id
        a=sendonly
        a=msid:- bcdf57d2-3cb5-4686-a52f-ae613d6212f0
        a=rtcp-mux
        a=rtcp-rsize
        a=rtpmap:96 VP8/90000
        a=rtcp-fb:96 goog-remb
        a=rtcp-fb:96 transport-cc
        a=rtcp-fb:96 ccm fir
        a=rtcp-fb:96 nack
        a=rtcp-fb:96 nack pli
        a=rtpmap:97 rtx/90000
        a=fmtp:97 apt=96
        a=rtpmap:39 AV1/90000
        a=rtcp-fb:39 nack
        a=rtpmap:40 rtx/90000
        a=fmtp:40 apt=39
        a=rtpmap:98 VP9/90000
        a=rtcp-fb:98 nack pli
        a=fmtp:98 profile-id=0
        a=rtpmap:99 rtx/90000
        a=fmtp:99 apt=98
        a=rtpmap:125 red/90000
        a=rtpmap:124 rtx/90000
        a=fmtp:124 apt=125
        a=rtpmap:127 ulpfec/90000
        a=ssrc-group:FID 2175526926 3291066810
        a=ssrc:2175526926 cname:kj6/807YOhBZ3Nq6
        a=ssrc:3291066810 cname:kj6/807YOhBZ3Nq6
        m=audio 43048 UDP/TLS/RTP/SAVPF 111 63 9 0 126
        c=IN IP4 192.0.2.2
        a=rtcp:9 IN IP4 0.0.0.0
        a=candidate:3229573512 1 udp 2122194687 192.0.2.2 43048 typ host generation 0 network-id 1
        a=ice-ufrag:nkAl
        a=ice-pwd:7APzm+GFcTrgvsTppcOEQ6X2
        a=ice-options:trickle
        a=fingerprint:sha-256 98:A6:82:59:82:21:13:7A:4A:A0:57:FC:2D:6D:38:33:D0:A4:DC:ED:BE:1D:8F:B5:6F:F5:81:76:E4:97:D3:4B
        a=setup:actpass
        a=mid:1
        a=extmap:14 urn:ietf:params:rtp-hdrext:ssrc-audio-level
        a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time
        a=extmap:4 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01
        a=extmap:9 urn:ietf:params:rtp-hdrext:sdes:mid
        a=sendonly
        a=msid:- 8679ae94-410e-41af-bb20-3fa9839b56f5
        a=rtcp-mux
        a=rtpmap:111 opus/48000/2
        a=rtcp-fb:111 transport-cc
        a=fmtp:111 minptime=10;useinbandfec=1
        a=rtpmap:63 red/48000/2
        a=fmtp:63 111/111
        a=rtpmap:9 G722/8000
        a=rtpmap:0 PCMU/8000
        a=rtpmap:126 telephone-event/8000
        a=ssrc:2239720079 cname:kj6/807YOhBZ3Nq6
        m=application 9 UDP/DTLS/SCTP webrtc-datachannel
        c=IN IP4 0.0.0.0
        a=mid:2
        a=sctp-port:5000

        """;

    [Fact]
    public void Offer_CarriesEverythingThePublishAnswerNeeds()
    {
        using var client = new RtcClientConnection();
        var video = client.AddTransceiver(MediaKind.Video, MediaDirection.SendOnly, new RtcTransceiverOptions { VideoCodecs = [RtcVideoCodec.Vp8, RtcVideoCodec.H264] });
        var audio = client.AddTransceiver(MediaKind.Audio, MediaDirection.SendOnly);
        var receive = client.AddTransceiver(MediaKind.Video, MediaDirection.ReceiveOnly);

        var offer = Parse(client.CreateOffer());

        Assert.Equal(["0", "1", "2"], offer.FindGroup(MediaGroup.Bundle)!.Mids);
        Assert.False(offer.IceLite);
        foreach (var section in offer.Media)
        {
            Assert.True(section.RtcpMux);
            Assert.True(section.RtcpReducedSize);
            Assert.Equal(DtlsSetup.ActPass, section.Setup);
            Assert.Equal(client.LocalIceCredentials.Ufrag, section.IceUfrag);
            Assert.Equal(client.LocalIceCredentials.Password, section.IcePwd);
            Assert.True(section.EndOfCandidates);
            var candidate = Assert.Single(section.Candidates);
            Assert.Equal((client.LocalEndPoint.Address.ToString(), client.LocalEndPoint.Port, "udp"), (candidate.Address, candidate.Port, candidate.Transport));
            var fingerprint = Assert.Single(section.Fingerprints);
            Assert.Equal("sha-256", fingerprint.HashFunction);
        }

        var videoSection = offer.Media[0];
        Assert.Equal(MediaDirection.SendOnly, videoSection.Direction);
        Assert.Equal([96, 97, 102, 103], videoSection.Codecs.Select(c => c.PayloadType));
        Assert.Equal(96, videoSection.FindCodec(97)!.AssociatedPayloadType);
        Assert.Equal("1", videoSection.FindCodec(102)!.Parameters!["packetization-mode"]);
        Assert.Equal(["goog-remb", "transport-cc", "ccm fir", "nack", "nack pli"], videoSection.FindCodec(96)!.Feedback.Select(f => f.Parameter is null ? f.Type : $"{f.Type} {f.Parameter}"));
        Assert.Equal(
            [(2, OpenLive.Rtc.Rtp.RtpExtensionUris.AbsSendTime), (3, OpenLive.Rtc.Rtp.RtpExtensionUris.TransportWideCc), (4, OpenLive.Rtc.Rtp.RtpExtensionUris.Mid)],
            videoSection.HeaderExtensions.Select(e => (e.Id, e.Uri)));
        var group = Assert.Single(videoSection.SsrcGroups);
        Assert.Equal(SsrcGroup.FlowIdentification, group.Semantics);
        Assert.Equal([video.GetSsrc(), video.GetRtxSsrc()], group.Ssrcs);
        Assert.Equal(client.Cname, videoSection.FindSsrcAttribute(video.GetSsrc(), SsrcLine.CName));
        Assert.Single(videoSection.Msids);

        var audioSection = offer.Media[1];
        var opus = Assert.Single(audioSection.Codecs);
        Assert.Equal((111, "opus", 48000u, (int?)2), (opus.PayloadType, opus.Name, opus.ClockRate, opus.Channels));
        Assert.Equal(1, audioSection.FindHeaderExtension(OpenLive.Rtc.Rtp.RtpExtensionUris.AudioLevel)!.Id);
        Assert.Equal(audio.GetSsrc(), Assert.Single(audioSection.SsrcLines, l => l.Name == SsrcLine.CName).Ssrc);

        var receiveSection = offer.Media[2];
        Assert.Equal(MediaDirection.ReceiveOnly, receiveSection.Direction);
        Assert.Empty(receiveSection.SsrcLines);
        Assert.Empty(receiveSection.Msids);
        Assert.Equal(0, receive.LayerCount);
    }

    [Fact]
    public void SimulcastOffer_ListsRidsLowestFirst_WithRidExtensions_AndNoSsrcs()
    {
        using var client = new RtcClientConnection();
        var video = client.AddTransceiver(MediaKind.Video, MediaDirection.SendOnly, new RtcTransceiverOptions { SimulcastRids = ["q", "h", "f"] });

        var section = Parse(client.CreateOffer()).Media[0];

        Assert.Equal(3, video.LayerCount);
        Assert.Equal(["q", "h", "f"], section.Rids.Select(r => r.Id));
        Assert.All(section.Rids, r => Assert.Equal(RidDirection.Send, r.Direction));
        Assert.Equal(["q", "h", "f"], section.Simulcast!.Send.Select(l => l.Alternatives[0].Id));
        Assert.Equal(5, section.FindHeaderExtension(OpenLive.Rtc.Rtp.RtpExtensionUris.RtpStreamId)!.Id);
        Assert.Equal(6, section.FindHeaderExtension(OpenLive.Rtc.Rtp.RtpExtensionUris.RepairedRtpStreamId)!.Id);
        Assert.Empty(section.SsrcLines);
        Assert.Equal(3, new[] { video.GetSsrc(0), video.GetSsrc(1), video.GetSsrc(2) }.Distinct().Count());
    }

    [Fact]
    public void AnswerToLibwebrtc_TakesWhatWeCanReceive_Recvonly_Active_AndRejectsTheRest()
    {
        using var client = new RtcClientConnection();
        client.SetRemoteOffer(LibwebrtcOffer);

        var answer = Parse(client.CreateAnswer());

        Assert.Equal(["0", "1"], answer.FindGroup(MediaGroup.Bundle)!.Mids);
        var video = answer.Media[0];
        Assert.Equal(MediaDirection.ReceiveOnly, video.Direction);
        Assert.Equal(DtlsSetup.Active, video.Setup);
        Assert.Equal([96, 39, 98, 97, 40, 99], video.Codecs.Select(c => c.PayloadType));
        Assert.Equal("0", video.FindCodec(98)!.Parameters!["profile-id"]);
        Assert.Equal(
            [OpenLive.Rtc.Rtp.RtpExtensionUris.AbsSendTime, OpenLive.Rtc.Rtp.RtpExtensionUris.TransportWideCc, OpenLive.Rtc.Rtp.RtpExtensionUris.Mid, OpenLive.Rtc.Rtp.RtpExtensionUris.RtpStreamId, OpenLive.Rtc.Rtp.RtpExtensionUris.RepairedRtpStreamId],
            video.HeaderExtensions.Select(e => e.Uri));
        Assert.Equal(9, video.FindHeaderExtension(OpenLive.Rtc.Rtp.RtpExtensionUris.Mid)!.Id);
        Assert.Empty(video.SsrcLines);

        var audio = answer.Media[1];
        Assert.Equal([111, 9, 0], audio.Codecs.Select(c => c.PayloadType));
        Assert.Equal(["transport-cc"], audio.FindCodec(111)!.Feedback.Select(f => f.Type));

        var data = answer.Media[2];
        Assert.Equal(0, data.Port);

        var transceivers = client.Transceivers;
        Assert.Equal(3, transceivers.Count);
        Assert.Equal((2175526926u, 96), (transceivers[0].RemoteSsrc, transceivers[0].PayloadType));
        Assert.Equal((2239720079u, 111), (transceivers[1].RemoteSsrc, transceivers[1].PayloadType));
        Assert.True(transceivers[2].IsRejected);
        Assert.Equal(RtcConnectionState.Connecting, client.State);
    }

    [Fact]
    public void AnswerToAnActiveOffer_IsPassive()
    {
        using var client = new RtcClientConnection();
        client.SetRemoteOffer(LibwebrtcOffer.Replace("a=setup:actpass", "a=setup:active", StringComparison.Ordinal));

        var answer = Parse(client.CreateAnswer());

        Assert.Equal(DtlsSetup.Passive, answer.Media[0].Setup);
        Assert.Equal(OpenLive.Rtc.Dtls.DtlsRole.Server, client.LocalDtlsRole);
    }

    [Fact]
    public void SendingTransceiverAddedBeforeAnOffer_TakesTheMlineThePeerReceivesOn()
    {
        using var client = new RtcClientConnection();
        var sending = client.AddTransceiver(MediaKind.Video, MediaDirection.SendOnly);
        var unused = client.AddTransceiver(MediaKind.Audio, MediaDirection.SendOnly);
        var offer = LibwebrtcOffer.Replace("a=sendonly\r\na=msid:- bcdf", "a=recvonly\r\na=msid:- bcdf", StringComparison.Ordinal)
            .Replace("a=sendonly\na=msid:- bcdf", "a=recvonly\na=msid:- bcdf", StringComparison.Ordinal);

        client.SetRemoteOffer(offer);
        var answer = Parse(client.CreateAnswer());

        var video = answer.Media[0];
        Assert.Equal(MediaDirection.SendOnly, video.Direction);
        Assert.Equal([96, 97], video.Codecs.Select(c => c.PayloadType));
        Assert.Equal([sending.GetSsrc(), sending.GetRtxSsrc()], Assert.Single(video.SsrcGroups).Ssrcs);
        Assert.Same(sending, client.Transceivers[0]);
        Assert.Equal("0", sending.Mid);
        Assert.Equal(MediaDirection.SendOnly, sending.Direction);

        // The peer sends audio on m-line 1, so that one is a new receiving transceiver; ours found no m-line.
        Assert.Equal(MediaDirection.ReceiveOnly, client.Transceivers[1].Direction);
        Assert.True(unused.IsRejected);
        Assert.DoesNotContain(unused, client.Transceivers);
    }

    [Fact]
    public void RemoteReoffer_AddsAnMline_OnTheSameTransport()
    {
        using var client = new RtcClientConnection();
        var first = LibwebrtcOffer[..LibwebrtcOffer.IndexOf("m=application", StringComparison.Ordinal)];
        var videoOnly = first.Replace("a=group:BUNDLE 0 1", "a=group:BUNDLE 0", StringComparison.Ordinal);
        client.SetRemoteOffer(videoOnly[..videoOnly.IndexOf("m=audio", StringComparison.Ordinal)]);
        client.CreateAnswer();
        Assert.Single(client.Transceivers);

        client.SetRemoteOffer(first);
        var answer = Parse(client.CreateAnswer());

        Assert.Equal(2, client.Transceivers.Count);
        Assert.Equal(["0", "1"], answer.FindGroup(MediaGroup.Bundle)!.Mids);
        Assert.Equal(MediaKind.Audio, client.Transceivers[1].Kind);
        Assert.False(client.TrySetRemoteOffer(first.Replace("a=ice-ufrag:nkAl", "a=ice-ufrag:xyz1", StringComparison.Ordinal), out var error));
        Assert.Contains("restarts ICE", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not sdp at all")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n")]
    public void UnusableAnswers_AreRefused_WithAReason_AndChangeNothing(string answer)
    {
        using var client = new RtcClientConnection();
        client.AddTransceiver(MediaKind.Audio, MediaDirection.SendOnly);
        client.CreateOffer();

        Assert.False(client.TrySetRemoteAnswer(answer, out var error));
        Assert.False(string.IsNullOrEmpty(error));
        Assert.Equal(RtcConnectionState.New, client.State);
        Assert.Throws<FormatException>(() => client.SetRemoteAnswer(answer));
    }

    [Fact]
    public void AnswerWithoutFingerprint_IsRefused()
    {
        using var client = new RtcClientConnection();
        using var peer = new RtcClientConnection();
        client.AddTransceiver(MediaKind.Audio, MediaDirection.SendOnly);
        peer.SetRemoteOffer(client.CreateOffer());
        var answer = string.Join("\r\n", peer.CreateAnswer().Split("\r\n").Where(l => !l.StartsWith("a=fingerprint", StringComparison.Ordinal)));

        Assert.False(client.TrySetRemoteAnswer(answer, out var error));
        Assert.Contains("fingerprint", error, StringComparison.Ordinal);
    }

    [Fact]
    public void NegotiationOutOfOrder_IsAProgrammingError()
    {
        using var client = new RtcClientConnection();
        Assert.Throws<InvalidOperationException>(client.CreateOffer);
        Assert.Throws<InvalidOperationException>(client.CreateAnswer);
        client.AddTransceiver(MediaKind.Video, MediaDirection.SendOnly);
        client.CreateOffer();
        Assert.Throws<InvalidOperationException>(() => client.AddTransceiver(MediaKind.Audio, MediaDirection.SendOnly));
        Assert.Throws<InvalidOperationException>(() => client.SetRemoteOffer(LibwebrtcOffer));
        Assert.Throws<ArgumentException>(() => client.AddTransceiver(MediaKind.Audio, MediaDirection.SendOnly, new RtcTransceiverOptions { SimulcastRids = ["a"] }));
    }

    private static SessionDescription Parse(string sdp)
    {
        Assert.True(SessionDescription.TryParse(sdp, out var description, out var error), error);
        return description;
    }
}
