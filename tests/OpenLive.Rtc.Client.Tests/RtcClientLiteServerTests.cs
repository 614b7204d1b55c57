using OpenLive.Rtc.Client;
using OpenLive.Rtc.Dtls;
using OpenLive.Rtc.Rtcp;
using OpenLive.Rtc.Sdp;

namespace OpenLive.Rtc.Client.Tests;

/// <summary>Our client against an SFU-shaped peer: ICE-lite, DTLS passive when answering, actpass when offering.</summary>
public sealed class RtcClientLiteServerTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(8);

    [Fact]
    public async Task Publishing_ToAnIceLitePassivePeer_MakesUsControllingDtlsClient_AndItGetsOurKeyframes()
    {
        using var server = new LitePeer();
        using var client = new RtcClientConnection();
        var video = client.AddTransceiver(MediaKind.Video, MediaDirection.SendOnly);
        var audio = client.AddTransceiver(MediaKind.Audio, MediaDirection.SendOnly);

        client.SetRemoteAnswer(server.Answer(client.CreateOffer()));
        await client.ConnectedAsync(TestContext.Current.CancellationToken).WaitAsync(Limit, TestContext.Current.CancellationToken);

        // The peer takes its keys on its own thread after the handshake (as the SFU posts them to its media thread);
        // what arrives before that it drops, so wait for it.
        Assert.True(await ClientTestSupport.WaitUntilAsync(() => server.Connected, Limit));
        Assert.True(client.RemoteIsIceLite);
        Assert.Equal((DtlsRole?)DtlsRole.Client, client.LocalDtlsRole);
        Assert.Equal(server.LocalEndPoint, client.RemoteEndPoint);
        var frames = new SyntheticVideoSource(30, 400_000);
        var voice = new SyntheticAudioSource();
        for (var i = 0; i < 10; i++)
        {
            frames.SendFrame(client, video);
            voice.SendPacket(client, audio);
        }

        var sent = video.GetSendStatistics().PacketsSent;
        Assert.True(await ClientTestSupport.WaitUntilAsync(() => server.PacketsFrom(video.GetSsrc()) == sent && server.PacketsFrom(audio.GetSsrc()) == 10, Limit));
        Assert.Equal(1, server.KeyframesSeen);
    }

    [Fact]
    public async Task Subscribing_ToAnIceLiteOffer_AnswersActiveRecvonly_AndReceivesAndRequestsKeyframes()
    {
        using var server = new LitePeer();
        using var client = new RtcClientConnection();
        var collected = new RtpCollector(client);

        client.SetRemoteOffer(server.Offer());
        var answer = client.CreateAnswer();
        server.Accept(answer);
        await client.ConnectedAsync(TestContext.Current.CancellationToken).WaitAsync(Limit, TestContext.Current.CancellationToken);
        Assert.True(await ClientTestSupport.WaitUntilAsync(() => server.Connected, Limit));

        Assert.Contains("a=setup:active", answer, StringComparison.Ordinal);
        Assert.Equal((DtlsRole?)DtlsRole.Client, client.LocalDtlsRole);
        var transceiver = Assert.Single(client.Transceivers);
        Assert.Equal("v0", transceiver.Mid);
        Assert.Equal(MediaDirection.ReceiveOnly, transceiver.Direction);
        Assert.Equal(100, transceiver.PayloadType);
        Assert.Equal(server.Ssrc, transceiver.RemoteSsrc);

        var frames = new SyntheticVideoSource(30, 300_000);
        var payload = new byte[SyntheticVideoSource.MaxPacketPayload];
        for (var frame = 0; frame < 5; frame++)
        {
            var count = frames.NextFrame();
            for (var i = 0; i < count; i++)
            {
                var length = frames.WritePacket(i, payload, out var marker);
                Assert.True(server.SendRtp(null, marker, frames.Timestamp, payload.AsSpan(0, length)));
            }
        }

        Assert.True(await ClientTestSupport.WaitUntilAsync(() => collected.Count("v0") >= 5, Limit));
        Assert.True(collected.Packets[0].IsVp8Keyframe);
        Assert.True(client.RequestKeyframe(transceiver));
        Assert.True(await ClientTestSupport.WaitUntilAsync(() => server.PictureLossRequests.Count == 1, Limit));
        Assert.Equal(server.Ssrc, Assert.Single(server.PictureLossRequests));
    }

    [Fact]
    public async Task Simulcast_SendsEachLayerUnderItsRid_AndRepairsWithTheRepairedRid()
    {
        using var server = new LitePeer();
        using var client = new RtcClientConnection();
        var video = client.AddTransceiver(MediaKind.Video, MediaDirection.SendOnly, new RtcTransceiverOptions { SimulcastRids = ["q", "h", "f"] });
        client.SetRemoteAnswer(server.Answer(client.CreateOffer()));
        await client.ConnectedAsync(TestContext.Current.CancellationToken).WaitAsync(Limit, TestContext.Current.CancellationToken);
        Assert.True(await ClientTestSupport.WaitUntilAsync(() => server.Connected, Limit));

        var layers = new[] { new SyntheticVideoSource(15, 150_000), new SyntheticVideoSource(15, 500_000), new SyntheticVideoSource(15, 1_500_000) };
        for (var frame = 0; frame < 3; frame++)
        {
            for (var layer = 0; layer < 3; layer++)
            {
                Assert.True(layers[layer].SendFrame(client, video, layer: layer) > 0);
            }
        }

        Assert.True(await ClientTestSupport.WaitUntilAsync(() => Enumerable.Range(0, 3).All(l => server.RidOf(video.GetSsrc(l)) is not null), Limit));
        Assert.Equal(["q", "h", "f"], Enumerable.Range(0, 3).Select(l => server.RidOf(video.GetSsrc(l))));

        // A NACK for the middle layer's first packet comes back on its RTX stream, tagged with the repaired rid.
        var nack = new byte[64];
        Assert.True(GenericNack.TryWrite(nack, 1, video.GetSsrc(1), [FirstSequenceOf(video, 1)], out var length));
        Assert.True(server.SendRaw(nack.AsSpan(0, length), rtcp: true));
        Assert.True(await ClientTestSupport.WaitUntilAsync(() => server.PacketsFrom(video.GetRtxSsrc(1)) == 1, Limit));
        Assert.Equal("repaired:h", server.RidOf(video.GetRtxSsrc(1)));
        Assert.Equal(1, video.GetSendStatistics().RetransmissionsSent);
    }

    [Fact]
    public async Task AHostileNackFlood_IsAnsweredOnlyWithinTheConnectionsRetransmissionBudget()
    {
        using var server = new LitePeer();
        // 10 packets a second: the bucket holds a quarter second's worth, so one NACK gets at most 2-3 packets back.
        using var client = new RtcClientConnection(new RtcClientOptions { RetransmitPacketsPerSecond = 10 });
        var video = client.AddTransceiver(MediaKind.Video, MediaDirection.SendOnly);
        client.SetRemoteAnswer(server.Answer(client.CreateOffer()));
        await client.ConnectedAsync(TestContext.Current.CancellationToken).WaitAsync(Limit, TestContext.Current.CancellationToken);
        Assert.True(await ClientTestSupport.WaitUntilAsync(() => server.Connected, Limit));

        var source = new SyntheticVideoSource(15, 1_500_000);
        for (var frame = 0; frame < 4; frame++)
        {
            Assert.True(source.SendFrame(client, video) > 0);
        }

        var first = FirstSequenceOf(video, 0);
        Assert.True(video.SendStreams[0].PacketsSent >= 30, $"only {video.SendStreams[0].PacketsSent} packets sent");
        var nack = new byte[256];
        Assert.True(GenericNack.TryWrite(nack, 1, video.GetSsrc(), [.. Enumerable.Range(0, 30).Select(i => (ushort)(first + i))], out var length));
        Assert.True(server.SendRaw(nack.AsSpan(0, length), rtcp: true));
        var responder = video.SendStreams[0].Nacks;
        Assert.True(
            await ClientTestSupport.WaitUntilAsync(() => responder.Retransmitted + responder.Refused == 30, Limit),
            $"answered {responder.Retransmitted} and refused {responder.Refused} of the 30 asked for");

        Assert.InRange(video.GetSendStatistics().RetransmissionsSent, 1, 3);
        Assert.InRange(responder.Refused, 27, 29);
    }

    [Fact]
    public async Task PeerFeedback_RembIsExposed_TransportFeedbackCounted_AndFirRaisesOneKeyframeRequestPerCommand()
    {
        using var server = new LitePeer();
        using var client = new RtcClientConnection();
        var video = client.AddTransceiver(MediaKind.Video, MediaDirection.SendOnly);
        var requests = new System.Collections.Concurrent.ConcurrentQueue<RtcKeyframeRequestedEventArgs>();
        client.KeyframeRequested += (_, e) => requests.Enqueue(e);
        client.SetRemoteAnswer(server.Answer(client.CreateOffer()));
        await client.ConnectedAsync(TestContext.Current.CancellationToken).WaitAsync(Limit, TestContext.Current.CancellationToken);
        Assert.True(await ClientTestSupport.WaitUntilAsync(() => server.Connected, Limit));
        var ssrc = video.GetSsrc();
        var buffer = new byte[256];

        Assert.True(ReceiverEstimatedMaximumBitrate.TryWrite(buffer, 1, 1_234_567, [ssrc], out var length));
        Assert.True(server.SendRaw(buffer.AsSpan(0, length), rtcp: true));
        Assert.True(await ClientTestSupport.WaitUntilAsync(() => client.RemoteEstimatedBitrate > 0, Limit));
        Assert.Equal((long)ReceiverEstimatedMaximumBitrate.Representable(1_234_567), client.RemoteEstimatedBitrate);

        var recorder = new TransportCcRecorder(1);
        recorder.Record(7, TimeSpan.FromMilliseconds(5));
        Assert.True(recorder.TryWriteFeedback(buffer, ssrc, out length));
        Assert.True(server.SendRaw(buffer.AsSpan(0, length), rtcp: true));
        Assert.True(await ClientTestSupport.WaitUntilAsync(() => client.TransportFeedbackReceived == 1, Limit));

        // RFC 5104 §4.3.1.2: the same command sequence number repeated is one request; a new one is another.
        foreach (var command in new byte[] { 3, 3, 4 })
        {
            Assert.True(FullIntraRequest.TryWrite(buffer, 1, [new FirEntry(ssrc, command)], out length));
            Assert.True(server.SendRaw(buffer.AsSpan(0, length), rtcp: true));
        }

        Assert.True(await ClientTestSupport.WaitUntilAsync(() => video.GetSendStatistics().FirsReceived == 2, Limit));
        Assert.Equal(2, requests.Count);
        Assert.All(requests, r => Assert.True(r.FullIntraRequest && r.Transceiver == video && r.Layer == 0));
    }

    /// <summary>The sequence number a layer started at: the stream's next one, minus what it sent.</summary>
    private static ushort FirstSequenceOf(RtcTransceiver transceiver, int layer) =>
        (ushort)(transceiver.SendStreams[layer].NextSequence - transceiver.SendStreams[layer].PacketsSent);
}
