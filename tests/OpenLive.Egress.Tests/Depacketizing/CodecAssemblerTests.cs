using OpenLive.Egress.Depacketizing;
using OpenLive.Egress.Media;

namespace OpenLive.Egress.Tests.Depacketizing;

/// <summary>The codec payload formats, packet by packet, against frames built by hand from their specifications.</summary>
public sealed class CodecAssemblerTests
{
    private static List<(byte[] Data, long Timestamp, bool Keyframe)> Depacketize(EgressCodec codec, params byte[][] payloadsOfOneFrame)
    {
        var sink = new FrameCollector();
        using var depacketizer = new RtpDepacketizer(new EgressTrack(codec, 90_000, 0), sink, sink);
        for (var i = 0; i < payloadsOfOneFrame.Length; i++)
        {
            Assert.Equal(RtpPacketStatus.Accepted, depacketizer.Push(TestRtp.Packet((ushort)(100 + i), 9000, i == payloadsOfOneFrame.Length - 1, payloadsOfOneFrame[i])));
        }

        return sink.Frames;
    }

    [Fact]
    public void Vp9_TwoSpatialLayersInNonFlexibleMode_BecomeOneSuperframeWithItsIndex()
    {
        // I=1 (7-bit picture id), L=1 (TID/U/SID/D then TL0PICIDX), B/E per layer frame; P=0 on the keyframe.
        byte[] layer0Start = [0xA8, 0x05, 0x00, 0x00, 0x82, 0x49, 0x83, 0x42, 0x00, 0x09, 0xF0, 0x08, 0xF0];
        byte[] layer0End = [0xA4, 0x05, 0x00, 0x00, 0x11, 0x22];
        byte[] layer1 = [0xAC, 0x05, 0x03, 0x00, 0x33, 0x44, 0x55];
        var frames = Depacketize(EgressCodec.Vp9, layer0Start, layer0End, layer1);
        var frame = Assert.Single(frames);
        Assert.True(frame.Keyframe);
        byte[] layer0Frame = [0x82, 0x49, 0x83, 0x42, 0x00, 0x09, 0xF0, 0x08, 0xF0, 0x11, 0x22];
        byte[] layer1Frame = [0x33, 0x44, 0x55];
        // Index: marker 110 00 001 (1-byte sizes, 2 frames), sizes 11 and 3, marker.
        Assert.Equal([.. layer0Frame, .. layer1Frame, 0xC1, 11, 3, 0xC1], frame.Data);
    }

    [Fact]
    public void Vp9_FlexibleModeWithReferences_GivesTheFrame()
    {
        // F=1, P=1 with one P_DIFF (N=0): an inter frame; the stream's first frame, so it waits for a keyframe.
        var frames = Depacketize(EgressCodec.Vp9, [0xFC, 0x85, 0x00, 0x00, 0x02, 0x86, 0x00]);
        Assert.Empty(frames);
        byte[] key = [0xBC, 0x85, 0x01, 0x00, 0x82, 0x49, 0x83, 0x42];
        var keyFrames = Depacketize(EgressCodec.Vp9, key);
        Assert.Equal([0x82, 0x49, 0x83, 0x42], Assert.Single(keyFrames).Data);
    }

    [Fact]
    public void Av1_FragmentedObusElementCountsAndDelimiters_BecomeATemporalUnitOfSizedObus()
    {
        // Packet 1: W=2, N=1: a temporal delimiter (dropped), then the start of a frame OBU (Y=1: continues).
        // Packet 2: Z=1, W=1: the rest of the frame OBU. Packet 3: W=0: a padding OBU (dropped) and a metadata OBU.
        byte[] sequenceHeader = [0x08, 0x00, 0x00, 0x00, 0x24, 0xCE, 0x3F, 0x8F, 0xBF, 0x00];
        byte[] p1 = [0x68, 0x01, 0x10, .. sequenceHeader[..0], 0x30, 0xAA, 0xBB];
        byte[] p2 = [0x90, 0xCC, 0xDD, 0xEE];
        byte[] p3 = [0x00, 0x02, 0x78, 0x00, 0x03, 0x28, 0x01, 0x02];
        var frame = Assert.Single(Depacketize(EgressCodec.Av1, p1, p2, p3));
        Assert.True(frame.Keyframe);
        // Frame OBU: header 0x30 | has_size (0x32), size 5, payload; metadata OBU: 0x2A, size 2, payload.
        Assert.Equal([0x32, 0x05, 0xAA, 0xBB, 0xCC, 0xDD, 0xEE, 0x2A, 0x02, 0x01, 0x02], frame.Data);
    }

    [Fact]
    public void Av1_ContinuationWithoutAnOpenObu_DropsTheFrame()
    {
        Assert.Empty(Depacketize(EgressCodec.Av1, [0x98, 0x30, 0x01], [0x90, 0x02]));
    }

    [Fact]
    public void H264_SingleNalStapAAndFuA_BecomeAnnexB()
    {
        byte[] sps = [0x67, 0x42, 0xC0, 0x1E];
        byte[] pps = [0x68, 0xCE, 0x3C, 0x80];
        byte[] stapA = [0x78, 0x00, 0x04, .. sps, 0x00, 0x04, .. pps];
        byte[] sei = [0x06, 0x05, 0x01, 0x80];
        byte[] fuStart = [0x7C, 0x85, 0x88, 0x84];
        byte[] fuMiddle = [0x7C, 0x05, 0x11, 0x22];
        byte[] fuEnd = [0x7C, 0x45, 0x33];
        var frame = Assert.Single(Depacketize(EgressCodec.H264, stapA, sei, fuStart, fuMiddle, fuEnd));
        Assert.True(frame.Keyframe);
        byte[] startCode = [0, 0, 0, 1];
        Assert.Equal([.. startCode, .. sps, .. startCode, .. pps, .. startCode, .. sei, .. startCode, 0x65, 0x88, 0x84, 0x11, 0x22, 0x33], frame.Data);
    }

    [Fact]
    public void H264_FuAMiddleWithoutStart_DropsTheFrame()
    {
        Assert.Empty(Depacketize(EgressCodec.H264, [0x65, 0x88], [0x7C, 0x05, 0x11]));
    }

    [Fact]
    public async Task H264_FromFfmpegLibx264_GivesAnnexBThatFfprobeCountsWhole()
    {
        var captures = await FfmpegTool.CaptureRtpAsync(
            "-re -f lavfi -t 3 -i testsrc=size=320x240:rate=30 -pix_fmt yuv420p -c:v libx264 -preset ultrafast -tune zerolatency -profile:v baseline -g 30 -f rtp {0}", 1);
        var sink = new FrameCollector();
        using (var depacketizer = new RtpDepacketizer(new EgressTrack(EgressCodec.H264, 90_000, 0), sink, sink))
        {
            captures[0].Rtp.ForEach(p => depacketizer.Push(p.Bytes));
            depacketizer.Flush();
        }

        // 90 sent; UDP on a loaded loopback may drop a datagram (then the frames until the next keyframe go).
        Assert.True(sink.Frames.Count >= 90 * 0.95, $"{sink.Frames.Count} of 90 frames");
        Assert.True(sink.Frames[0].Keyframe);
        var path = Path.Combine(Path.GetTempPath(), $"openlive-egress-{Guid.NewGuid():N}.h264");
        await File.WriteAllBytesAsync(path, [.. sink.Frames.SelectMany(f => f.Data)]);
        try
        {
            var probe = await FfmpegTool.ProbeAsync(path);
            Assert.Equal("h264", probe.Stream("video").Codec);
            Assert.Equal(sink.Frames.Count, probe.Stream("video").Frames);
            Assert.Equal(string.Empty, await FfmpegTool.DecodeErrorsAsync(path));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
