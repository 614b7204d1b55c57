using OpenLive.Rtc.Client;
using OpenLive.Rtc.Dtls;
using OpenLive.Rtc.Sdp;

namespace OpenLive.Rtc.Client.Tests;

/// <summary>Two client connections on loopback: one offers, the other answers (its ICE agent controlled).</summary>
public sealed class RtcClientLoopbackTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(8);

    [Fact]
    public async Task OfferAndAnswer_Connect_AndMediaFlowsBothWays()
    {
        using var alice = new RtcClientConnection(ClientTestSupport.FastReports);
        using var bob = new RtcClientConnection(ClientTestSupport.FastReports);
        var aliceVideo = alice.AddTransceiver(MediaKind.Video, MediaDirection.SendOnly);
        var aliceAudio = alice.AddTransceiver(MediaKind.Audio, MediaDirection.SendOnly);
        var aliceReceives = alice.AddTransceiver(MediaKind.Video, MediaDirection.ReceiveOnly);
        var bobVideo = bob.AddTransceiver(MediaKind.Video, MediaDirection.SendOnly);
        var atAlice = new RtpCollector(alice);
        var atBob = new RtpCollector(bob);

        await ClientTestSupport.ConnectAsync(alice, bob);

        Assert.Equal(RtcConnectionState.Connected, alice.State);
        Assert.Equal(RtcConnectionState.Connected, bob.State);
        Assert.Equal(alice.SrtpProfile, bob.SrtpProfile);
        Assert.Equal((DtlsRole?)DtlsRole.Server, alice.LocalDtlsRole);
        Assert.Equal((DtlsRole?)DtlsRole.Client, bob.LocalDtlsRole);
        Assert.Equal(["0", "1", "2"], bob.Transceivers.Select(t => t.Mid));
        Assert.Same(bobVideo, bob.Transceivers[2]);
        Assert.Equal(MediaDirection.SendOnly, bobVideo.Direction);
        Assert.Equal(96, aliceVideo.PayloadType);
        Assert.Equal(111, aliceAudio.PayloadType);

        var video = new SyntheticVideoSource(30, 500_000);
        var audio = new SyntheticAudioSource();
        var back = new SyntheticVideoSource(30, 300_000);
        for (var i = 0; i < 20; i++)
        {
            Assert.True(video.SendFrame(alice, aliceVideo) > 0);
            Assert.True(audio.SendPacket(alice, aliceAudio));
            Assert.True(back.SendFrame(bob, bobVideo) > 0);
        }

        var sentVideo = aliceVideo.GetSendStatistics().PacketsSent;
        var sentBack = bobVideo.GetSendStatistics().PacketsSent;
        Assert.True(await ClientTestSupport.WaitUntilAsync(() => atBob.Count("0") == sentVideo && atBob.Count("1") == 20 && atAlice.Count("2") == sentBack, Limit));

        // Bob's transceivers for Alice's m-lines were made by her offer; they know her SSRCs from a=ssrc.
        var bobReceivesVideo = bob.Transceivers[0];
        Assert.Equal(aliceVideo.GetSsrc(), bobReceivesVideo.RemoteSsrc);
        Assert.Equal(sentVideo, bobReceivesVideo.GetReceiveStatistics().PacketsReceived);
        Assert.Equal(0, bobReceivesVideo.GetReceiveStatistics().PacketsLost);
        Assert.Equal(bobVideo.GetSsrc(), aliceReceives.RemoteSsrc);
        Assert.True(atBob.Packets.First(p => p.Mid == "0").IsVp8Keyframe);
        Assert.True(atAlice.Packets[0].IsVp8Keyframe);
        Assert.All(atBob.Packets.Where(p => p.Mid == "1"), p => Assert.Equal(111, p.PayloadType));
        Assert.Equal(0, alice.SrtpRejected + bob.SrtpRejected);
        Assert.Equal(0, alice.UnroutedPackets + bob.UnroutedPackets);
    }

    [Fact]
    public async Task DroppedPacket_IsNacked_AndRecoveredOverRtx()
    {
        using var alice = new RtcClientConnection();
        using var bob = new RtcClientConnection();
        var video = alice.AddTransceiver(MediaKind.Video, MediaDirection.SendOnly);
        var atBob = new RtpCollector(bob);
        using var relay = new LossyRelay(alice.LocalEndPoint, bob.LocalEndPoint);
        await ClientTestSupport.ConnectAsync(
            alice,
            bob,
            offer => LossyRelay.Redirect(offer, alice.LocalEndPoint, relay.FacingB),
            answer => LossyRelay.Redirect(answer, bob.LocalEndPoint, relay.FacingA));

        // Lose the third packet of the stream, once.
        var ssrc = video.GetSsrc();
        ushort? victim = null;
        var seen = 0;
        relay.DropFromA = (packetSsrc, sequence) =>
        {
            if (packetSsrc != ssrc || victim is not null && victim != sequence)
            {
                return false;
            }

            if (victim == sequence)
            {
                victim = ushort.MaxValue; // Once only; the RTX copy has another SSRC anyway.
                return false;
            }

            if (++seen == 3)
            {
                victim = sequence;
                return true;
            }

            return false;
        };

        var source = new SyntheticVideoSource(30, 800_000);
        for (var i = 0; i < 10; i++)
        {
            source.SendFrame(alice, video);
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }

        var sent = video.GetSendStatistics().PacketsSent;
        var receiving = bob.Transceivers[0];
        Assert.True(await ClientTestSupport.WaitUntilAsync(() => receiving.GetReceiveStatistics().RetransmissionsReceived >= 1 && atBob.Count("0") >= sent, Limit));

        Assert.Equal(1, relay.Dropped);
        var stats = receiving.GetReceiveStatistics();
        Assert.True(stats.NacksSent >= 1);
        Assert.Equal(0, stats.PacketsLost);
        Assert.True(video.GetSendStatistics() is { NacksReceived: >= 1, RetransmissionsSent: >= 1 });

        // Every sequence number arrived under the media SSRC, the lost one unwrapped from RTX.
        var sequences = atBob.Packets.Select(p => p.SequenceNumber).Distinct().Count();
        Assert.Equal(sent, sequences);
        Assert.All(atBob.Packets, p => Assert.Equal(ssrc, p.Ssrc));
        Assert.All(atBob.Packets, p => Assert.Equal(96, p.PayloadType));
    }

    [Fact]
    public async Task RequestKeyframe_SendsPli_WhichRaisesKeyframeRequested_AndTheSourceAnswersWithAKeyframe()
    {
        using var alice = new RtcClientConnection();
        using var bob = new RtcClientConnection();
        var video = alice.AddTransceiver(MediaKind.Video, MediaDirection.SendOnly);
        var atBob = new RtpCollector(bob);
        var requests = new List<RtcKeyframeRequestedEventArgs>();
        alice.KeyframeRequested += (_, e) =>
        {
            lock (requests)
            {
                requests.Add(e);
            }
        };
        await ClientTestSupport.ConnectAsync(alice, bob);
        var source = new SyntheticVideoSource(30, 300_000);
        using var running = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var pump = source.RunAsync(alice, video, running.Token);
        var receiving = bob.Transceivers[0];
        Assert.True(await ClientTestSupport.WaitUntilAsync(() => atBob.Count("0") > 10, Limit));

        Assert.True(bob.RequestKeyframe(receiving));

        Assert.True(await ClientTestSupport.WaitUntilAsync(() => source.KeyframesProduced >= 2, Limit));
        Assert.True(await ClientTestSupport.WaitUntilAsync(() => atBob.Packets.Count(p => p.IsVp8Keyframe) >= 2, Limit));
        await running.CancelAsync();
        await pump;
        lock (requests)
        {
            var request = Assert.Single(requests);
            Assert.Same(video, request.Transceiver);
            Assert.False(request.FullIntraRequest);
        }

        Assert.Equal(1, video.GetSendStatistics().PlisReceived);
        Assert.Equal(1, receiving.GetReceiveStatistics().PlisSent);
    }

    [Fact]
    public async Task SenderAndReceiverReports_Flow_AndGiveTheSenderARoundTripTime()
    {
        using var alice = new RtcClientConnection(ClientTestSupport.FastReports);
        using var bob = new RtcClientConnection(ClientTestSupport.FastReports);
        var video = alice.AddTransceiver(MediaKind.Video, MediaDirection.SendOnly);
        await ClientTestSupport.ConnectAsync(alice, bob);
        var source = new SyntheticVideoSource(30, 300_000);
        using var running = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var pump = source.RunAsync(alice, video, running.Token);

        // An RTT needs Alice's SR at Bob, then Bob's RR echoing it (LSR, DLSR) back at Alice.
        Assert.True(await ClientTestSupport.WaitUntilAsync(() => video.GetSendStatistics().RoundTripTime is not null, Limit));
        await running.CancelAsync();
        await pump;

        // Bob receives with transport-cc negotiated, so he also sends transport-wide feedback.
        Assert.True(await ClientTestSupport.WaitUntilAsync(() => alice.TransportFeedbackReceived > 0, Limit));
        var stats = video.GetSendStatistics();
        Assert.InRange(stats.RoundTripTime!.Value, TimeSpan.Zero, TimeSpan.FromMilliseconds(500));
        Assert.Equal(0, stats.CumulativeLost);
        Assert.True(bob.Transceivers[0].GetReceiveStatistics().Jitter < TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task AnswerWithAnotherFingerprint_FailsTheHandshake()
    {
        var impostor = DtlsCertificate.Create("impostor");
        using var alice = new RtcClientConnection();
        using var bob = new RtcClientConnection(new RtcClientOptions { Certificate = impostor });
        alice.AddTransceiver(MediaKind.Audio, MediaDirection.SendOnly);
        var honest = DtlsCertificate.Create("honest");
        var closed = new TaskCompletionSource<RtcClosedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        alice.Closed += (_, e) => closed.TrySetResult(e);

        // Bob presents his own certificate but his answer claims another one's fingerprint.
        var connecting = ClientTestSupport.ConnectAsync(alice, bob, toOfferer: answer => answer.Replace(impostor.SdpFingerprint, honest.SdpFingerprint, StringComparison.Ordinal));

        await Assert.ThrowsAnyAsync<Exception>(() => connecting);
        var result = await closed.Task.WaitAsync(Limit, TestContext.Current.CancellationToken);
        Assert.Equal(RtcConnectionState.Failed, result.State);
        Assert.Contains("DTLS", result.Reason, StringComparison.Ordinal);
        Assert.Equal(RtcConnectionState.Failed, alice.State);
    }

    [Fact]
    public async Task Close_ClosesThePeerToo_OverDtlsCloseNotify()
    {
        using var alice = new RtcClientConnection();
        using var bob = new RtcClientConnection();
        alice.AddTransceiver(MediaKind.Audio, MediaDirection.SendOnly);
        await ClientTestSupport.ConnectAsync(alice, bob);
        var closed = new TaskCompletionSource<RtcClosedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        bob.Closed += (_, e) => closed.TrySetResult(e);

        alice.Close();

        var result = await closed.Task.WaitAsync(Limit, TestContext.Current.CancellationToken);
        Assert.Equal(RtcConnectionState.Closed, result.State);
        Assert.Equal(RtcConnectionState.Closed, alice.State);
        Assert.False(alice.SendRtp(alice.Transceivers[0], 111, false, 0, new byte[10]));
    }

    [Fact]
    public async Task TrickledCandidates_ConnectAnOfferThatCarriedNone()
    {
        using var alice = new RtcClientConnection();
        using var bob = new RtcClientConnection();
        alice.AddTransceiver(MediaKind.Audio, MediaDirection.SendOnly);
        Assert.False(alice.AddRemoteCandidate("candidate:1 1 udp 2130706431 127.0.0.1 9 typ host"));

        // Neither side's SDP carries a candidate, as with a trickling peer: only Bob's, trickled to Alice, can connect them
        // (Bob then learns Alice's address from her checks, RFC 8445 §7.3.1.3).
        bob.SetRemoteOffer(WithoutCandidates(alice.CreateOffer()));
        var answer = WithoutCandidates(bob.CreateAnswer());
        alice.SetRemoteAnswer(answer);
        Assert.False(alice.AddRemoteCandidate("candidate:2 1 tcp 1518214911 127.0.0.1 9 typ host tcptype passive"));
        Assert.False(alice.AddRemoteCandidate("candidate:3 1 udp 2122063615 0b6a4c1e.local 9 typ host"));
        Assert.True(alice.AddRemoteCandidate($"a=candidate:1 1 udp 2130706431 127.0.0.1 {bob.LocalEndPoint.Port} typ host"));
        alice.EndOfRemoteCandidates();

        var token = TestContext.Current.CancellationToken;
        await Task.WhenAll(alice.ConnectedAsync(token), bob.ConnectedAsync(token)).WaitAsync(ClientTestSupport.ConnectLimit, token);
    }

    private static string WithoutCandidates(string sdp) =>
        string.Join("\r\n", sdp.Split("\r\n").Where(l => !l.StartsWith("a=candidate", StringComparison.Ordinal) && l != "a=end-of-candidates"));
}
