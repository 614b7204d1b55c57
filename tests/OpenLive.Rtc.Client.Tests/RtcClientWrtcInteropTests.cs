using OpenLive.Rtc.Client;
using OpenLive.Rtc.Rtp.Codecs;
using OpenLive.Rtc.Sdp;

namespace OpenLive.Rtc.Client.Tests;

/// <summary>
/// Our client connection against libwebrtc (node-webrtc): it accepts our offer and receives our RTP, and it offers
/// and sends to us. Skipped only when node is missing.
/// </summary>
public sealed class RtcClientWrtcInteropTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task OurSendOnlyOffer_IsAnsweredByLibwebrtc_WhichReceivesTheRtp()
    {
        await using var peer = WrtcPeer.Start("answer");
        using var client = new RtcClientConnection();
        var video = client.AddTransceiver(MediaKind.Video, MediaDirection.SendOnly);
        var audio = client.AddTransceiver(MediaKind.Audio, MediaDirection.SendOnly);
        await peer.SendAsync("offer", client.CreateOffer());
        client.SetRemoteAnswer(await peer.ReceiveSdpAsync("answer", Limit));
        await client.ConnectedAsync(TestContext.Current.CancellationToken).WaitAsync(Limit, TestContext.Current.CancellationToken);

        using var running = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var videoSource = new SyntheticVideoSource(30, 500_000);
        var sending = Task.WhenAll(videoSource.RunAsync(client, video, running.Token), new SyntheticAudioSource().RunAsync(client, audio, running.Token));
        var received = await ClientTestSupport.WaitUntilAsync(
            () => peer.Stat("inbound-rtp", "video", "packets") > 100 && peer.Stat("inbound-rtp", "audio", "packets") > 50,
            Limit);
        await running.CancelAsync();
        await sending;

        Assert.True(received, $"wrtc saw {peer.Stat("inbound-rtp", "video", "packets")} video and {peer.Stat("inbound-rtp", "audio", "packets")} audio packets; events {string.Join(", ", peer.Events)}; {peer.Stderr}");
        Assert.Contains("track:video", peer.Events);
        Assert.Contains("track:audio", peer.Events);
        Assert.Equal(96, video.PayloadType);
        Assert.Equal(0, client.SrtpRejected);
    }

    [Fact]
    public async Task LibwebrtcOffer_IsAnsweredByUs_AndWeReceiveItsVideoAndAudio()
    {
        await using var peer = WrtcPeer.Start("offer");
        using var client = new RtcClientConnection();
        var collected = new RtpCollector(client);
        client.SetRemoteOffer(await peer.ReceiveSdpAsync("offer", Limit));
        await peer.SendAsync("answer", client.CreateAnswer());
        await client.ConnectedAsync(TestContext.Current.CancellationToken).WaitAsync(Limit, TestContext.Current.CancellationToken);

        var videoTransceiver = client.Transceivers.First(t => t.Kind == MediaKind.Video);
        var audioTransceiver = client.Transceivers.First(t => t.Kind == MediaKind.Audio);
        Assert.True(
            await ClientTestSupport.WaitUntilAsync(() => collected.Count(videoTransceiver.Mid) > 30 && collected.Count(audioTransceiver.Mid) > 20, Limit),
            $"received {collected.Count(videoTransceiver.Mid)} video and {collected.Count(audioTransceiver.Mid)} audio packets; {peer.Stderr}");

        // A PLI from us reaches libwebrtc's sender.
        Assert.True(client.RequestKeyframe(videoTransceiver));
        Assert.True(await ClientTestSupport.WaitUntilAsync(() => peer.Stat("outbound-rtp", "video", "pliCount") >= 1, Limit), $"wrtc counted no PLI; {peer.Stderr}");

        var videoPackets = collected.Packets.Where(p => p.Mid == videoTransceiver.Mid).ToList();
        var vp8 = videoTransceiver.Codecs.First(c => c.IsNamed("VP8")).PayloadType;
        Assert.All(videoPackets, p => Assert.Equal(vp8, p.PayloadType));
        Assert.All(videoPackets, p => Assert.True(Vp8Descriptor.TryParse(p.Payload, out _)));
        Assert.Contains(videoPackets, p => p.IsVp8Keyframe);
        Assert.All(collected.Packets.Where(p => p.Mid == audioTransceiver.Mid), p => Assert.Equal(audioTransceiver.PayloadType, p.PayloadType));
        Assert.Equal(videoTransceiver.RemoteSsrc, videoPackets[0].Ssrc);
        Assert.Equal(0, client.SrtpRejected);
        Assert.Equal(0, client.UnroutedPackets);
    }
}
