using OpenLive.Rtc.Client;
using OpenLive.Rtc.Sdp;

namespace OpenLive.Rtc.Client.Tests;

/// <summary>What a transceiver counts for quality data: video frames and the size VP8 keyframes state, on both ends.</summary>
public sealed class RtcTransceiverFramesTests
{
    [Fact]
    public async Task SyntheticVideo_IsCountedInFramesWithItsSize_OnBothEnds()
    {
        using var alice = new RtcClientConnection();
        using var bob = new RtcClientConnection();
        var sent = alice.AddTransceiver(MediaKind.Video, MediaDirection.SendOnly);
        await ClientTestSupport.ConnectAsync(alice, bob);
        var received = Assert.Single(bob.Transceivers);
        var source = new SyntheticVideoSource(30, 300_000, width: 320, height: 180);
        for (var i = 0; i < 10; i++)
        {
            source.SendFrame(alice, sent);
        }

        Assert.Equal(10, sent.FramesSent);
        Assert.Equal((320, 180), sent.SentFrameSize);
        Assert.True(await ClientTestSupport.WaitUntilAsync(() => received.FramesReceived >= 10, ClientTestSupport.ConnectLimit), $"received {received.FramesReceived} frames");
        Assert.Equal((320, 180), received.ReceivedFrameSize);
        Assert.Equal((0, 0), received.SentFrameSize);
    }
}
