using OpenLive.Rtc.Client;
using OpenLive.Rtc.Sdp;

namespace OpenLive.Rtc.Client.Tests;

/// <summary>The VP8 keyframe size the client stack reads for quality data, and the frames it counts.</summary>
public sealed class Vp8FrameSizeTests
{
    // Descriptor X=1 S=1 PID=0, I=1 with a 15-bit picture id; then a keyframe header: tag (P=0), start code, 640x360.
    private static readonly byte[] Keyframe = [0x90, 0x80, 0x81, 0x23, 0x10, 0x02, 0x00, 0x9d, 0x01, 0x2a, 0x80, 0x02, 0x68, 0x01, 0xff];

    [Fact]
    public void AKeyframe_StatesItsSize()
    {
        Assert.True(Vp8FrameSize.TryRead(Keyframe, out var width, out var height));
        Assert.Equal((640, 360), (width, height));
    }

    [Fact]
    public void AnInterframe_ATruncatedHeader_AWrongStartCodeAndNoise_AreNoSize()
    {
        var interframe = (byte[])Keyframe.Clone();
        interframe[4] |= 0x01; // P=1
        var wrongStart = (byte[])Keyframe.Clone();
        wrongStart[7] = 0x9c;
        Assert.False(Vp8FrameSize.TryRead(interframe, out _, out _));
        Assert.False(Vp8FrameSize.TryRead(wrongStart, out _, out _));
        for (var length = 0; length < Keyframe.Length - 1; length++)
        {
            Assert.False(Vp8FrameSize.TryRead(Keyframe.AsSpan(0, length), out _, out _), $"truncated to {length}");
        }

        var random = new Random(17);
        var noise = new byte[64];
        for (var i = 0; i < 2000; i++)
        {
            random.NextBytes(noise);
            _ = Vp8FrameSize.TryRead(noise.AsSpan(0, random.Next(noise.Length)), out _, out _); // never throws
        }
    }

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
