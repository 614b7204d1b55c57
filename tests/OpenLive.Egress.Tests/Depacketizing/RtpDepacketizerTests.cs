using OpenLive.Egress.Depacketizing;
using OpenLive.Egress.Media;

namespace OpenLive.Egress.Tests.Depacketizing;

public sealed class RtpDepacketizerTests
{
    private static readonly EgressTrack Vp8 = new(EgressCodec.Vp8, 90_000, 0);
    private static readonly EgressTrack Opus = new(EgressCodec.Opus, 48_000, 2);

    /// <summary>A VP8 frame of <paramref name="packets"/> packets: descriptor (S on the first), payload header (P = !key), filler.</summary>
    private static List<byte[]> Vp8Frame(ref ushort sequence, uint timestamp, bool key, int packets, byte fill)
    {
        var list = new List<byte[]>();
        for (var p = 0; p < packets; p++)
        {
            byte[] payload = [(byte)(p == 0 ? 0x10 : 0x00), .. Enumerable.Repeat(fill, 100)];
            if (p == 0)
            {
                payload[1] = key ? (byte)0x10 : (byte)0x11;
            }

            list.Add(TestRtp.Packet(sequence++, timestamp, p == packets - 1, payload));
        }

        return list;
    }

    private static List<byte[]> Vp8Stream(int frames, int packetsPerFrame, int keyEvery = 1000, ushort firstSequence = 65_500)
    {
        var sequence = firstSequence;
        var packets = new List<byte[]>();
        for (var f = 0; f < frames; f++)
        {
            packets.AddRange(Vp8Frame(ref sequence, (uint)(uint.MaxValue - 30_000 + (f * 3000)), f % keyEvery == 0, packetsPerFrame, (byte)f));
        }

        return packets;
    }

    [Fact]
    public void Vp8_InOrder_GivesWholeFramesAcrossSequenceAndTimestampWrap()
    {
        var sink = new FrameCollector();
        using var depacketizer = new RtpDepacketizer(Vp8, sink, sink);
        foreach (var packet in Vp8Stream(frames: 20, packetsPerFrame: 3))
        {
            Assert.Equal(RtpPacketStatus.Accepted, depacketizer.Push(packet));
        }

        Assert.Equal(20, sink.Frames.Count);
        Assert.All(sink.Frames, f => Assert.Equal(300, f.Data.Length));
        Assert.True(sink.Frames[0].Keyframe);
        for (var i = 1; i < 20; i++)
        {
            Assert.Equal(3000, sink.Frames[i].Timestamp - sink.Frames[i - 1].Timestamp);
            Assert.Equal((byte)i, sink.Frames[i].Data[^1]);
        }

        // Asked once at the start (a recording joins a stream in progress), not since.
        Assert.Equal(1, sink.KeyframeRequests);
    }

    [Fact]
    public void Vp8_ReorderedAndRetransmittedWithinTheWindow_GivesTheSameFrames()
    {
        var packets = Vp8Stream(frames: 30, packetsPerFrame: 4);
        var shuffled = new List<byte[]>(packets);
        var random = new Random(7);
        for (var i = 1; i + 1 < shuffled.Count; i++)
        {
            var j = Math.Min(shuffled.Count - 1, i + random.Next(6));
            (shuffled[i], shuffled[j]) = (shuffled[j], shuffled[i]);
        }

        // Packet 10 "lost" and retransmitted 40 packets later (a NACK round trip).
        var retransmitted = shuffled[10];
        shuffled.RemoveAt(10);
        shuffled.Insert(50, retransmitted);

        var inOrder = new FrameCollector();
        var reordered = new FrameCollector();
        using (var a = new RtpDepacketizer(Vp8, inOrder))
        using (var b = new RtpDepacketizer(Vp8, reordered, reordered))
        {
            packets.ForEach(p => a.Push(p));
            shuffled.ForEach(p => b.Push(p));
            Assert.Equal(0, b.Counters.LostPackets);
        }

        Assert.Equal(inOrder.Frames.Select(f => (Convert.ToHexString(f.Data), f.Timestamp)), reordered.Frames.Select(f => (Convert.ToHexString(f.Data), f.Timestamp)));
        Assert.Equal(1, reordered.KeyframeRequests);
    }

    [Fact]
    public void Vp8_PacketLostForGood_DropsFramesUntilTheNextKeyframe_AndRequestsOne()
    {
        var packets = Vp8Stream(frames: 120, packetsPerFrame: 2, keyEvery: 60);
        packets.RemoveAt(41); // frame 20's second packet
        var sink = new FrameCollector();
        using var depacketizer = new RtpDepacketizer(Vp8, sink, sink, new RtpDepacketizerOptions { ReorderWindowPackets = 16 });
        var waiting = new List<bool>();
        foreach (var packet in packets)
        {
            depacketizer.Push(packet);
            waiting.Add(depacketizer.IsWaitingForKeyframe);
        }

        depacketizer.Flush();
        Assert.Equal(1, depacketizer.Counters.LostPackets);
        Assert.Contains(true, waiting.Skip(41));
        Assert.Equal(2, sink.KeyframeRequests);

        // Frames 0–19 and 60–119: nothing between the loss and the keyframe.
        var timestamps = sink.Frames.Select(f => (f.Timestamp - sink.Frames[0].Timestamp) / 3000).ToList();
        Assert.Equal([.. Enumerable.Range(0, 20), .. Enumerable.Range(60, 60)], timestamps);
    }

    [Fact]
    public void LateAndDuplicatePackets_AreCountedAndDropped()
    {
        var packets = Vp8Stream(frames: 40, packetsPerFrame: 2);
        var sink = new FrameCollector();
        using var depacketizer = new RtpDepacketizer(Vp8, sink, sink, new RtpDepacketizerOptions { ReorderWindowPackets = 8 });
        for (var i = 0; i < 10; i++)
        {
            if (i != 5)
            {
                depacketizer.Push(packets[i]);
            }
        }

        // 6–9 wait behind the gap at 5: a second copy of one of them is a duplicate.
        Assert.Equal(RtpPacketStatus.Duplicate, depacketizer.Push(packets[7]));
        for (var i = 10; i < packets.Count; i++)
        {
            depacketizer.Push(packets[i]);
        }

        // 5 was given up a window ago: its retransmission comes too late, as does any old packet.
        Assert.Equal(RtpPacketStatus.Late, depacketizer.Push(packets[5]));
        Assert.Equal(RtpPacketStatus.Late, depacketizer.Push(packets[70]));
        Assert.Equal(RtpPacketStatus.Malformed, depacketizer.Push([0x80, 0x60, 0x00]));
        Assert.Equal(RtpPacketStatus.TooLarge, depacketizer.Push(TestRtp.Packet(1, 1, true, new byte[1600])));
        var counters = depacketizer.Counters;
        Assert.Equal(1, counters.LostPackets);
        Assert.True(counters.Late >= 2);
    }

    [Fact]
    public void Opus_EachPacketIsAFrame_ALossOnlyLosesThatFrame()
    {
        var sink = new FrameCollector();
        using var depacketizer = new RtpDepacketizer(Opus, sink, sink);
        for (var i = 0; i < 100; i++)
        {
            if (i != 30)
            {
                depacketizer.Push(TestRtp.Packet((ushort)(i + 100), (uint)(i * 960), i == 0, [0xFC, (byte)i, 0x01], 111));
            }
        }

        depacketizer.Flush();
        Assert.Equal(99, sink.Frames.Count);
        Assert.All(sink.Frames, f => Assert.True(f.Keyframe));
        Assert.Equal(0, sink.KeyframeRequests);
    }

    [Fact]
    public void MalformedPayloads_DropTheirFrame_NeverThrow()
    {
        var random = new Random(3);
        foreach (var codec in Enum.GetValues<EgressCodec>())
        {
            var sink = new FrameCollector();
            var track = new EgressTrack(codec, codec == EgressCodec.Opus ? 48_000 : 90_000, 0);
            using var depacketizer = new RtpDepacketizer(track, sink, sink);
            for (var i = 0; i < 2000; i++)
            {
                var payload = new byte[random.Next(0, 300)];
                random.NextBytes(payload);
                depacketizer.Push(TestRtp.Packet((ushort)(i + random.Next(-3, 4)), (uint)(i / 3 * 3000), random.Next(3) == 0, payload));
            }

            depacketizer.Flush();
        }
    }
}
