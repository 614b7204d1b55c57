using OpenLive.Rtc.Client;
using OpenLive.Rtc.Dtls;
using OpenLive.Rtc.Sdp;

namespace OpenLive.Rtc.Tests.Client;

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
}
