using OpenLive.Rtc.Rtcp;
using OpenLive.Rtc.Rtp.Codecs;
using OpenLive.Sfu.Tests.Support;

namespace OpenLive.Sfu.Tests.Forwarding;

/// <summary>
/// VP8 through the forwarding path (<see cref="OpenLive.Sfu.Forwarding.ForwardedTrack"/> with its
/// <see cref="OpenLive.Sfu.Forwarding.Vp8Munger"/> and <see cref="OpenLive.Sfu.Forwarding.OutgoingSequencer"/>, sent with
/// real SRTP and read back): picture ids, TL0PICIDX and KEYIDX continuous across layer switches and dropped temporal
/// layers, sequence numbers contiguous, NACKs answered with the rewritten descriptor.
/// </summary>
public sealed class Vp8ForwardingTests
{
    /// <summary>Chromium's three temporal layers: TID 0 2 1 2, Y on the TID 1 and the first TID 2 of each cycle.</summary>
    private static (int Tid, bool Sync) Pattern(int picture) => (picture % 4) switch
    {
        0 => (0, false),
        1 => (2, true),
        2 => (1, true),
        _ => (2, false),
    };

    [Fact]
    public void TemporalLayersAboveTheTarget_AreDropped_WithContiguousSequenceNumbersAndPictureIds()
    {
        using var rig = new ForwardingRig(subscribers: 0);
        var publisher = new Vp8SimulcastPublisher(rig, layers: 1);
        ushort sequence = 1000;
        for (var picture = 0; picture < 16; picture++)
        {
            publisher.Forwarded.TargetTemporalLayer = picture switch { < 4 => 3, < 9 => 0, _ => 2 };
            var (tid, sync) = Pattern(picture);
            SendPicture(publisher, 0, ref sequence, picture, new Vp8Picture(500 + picture, 15, 40 + (picture / 4), tid, sync), keyframe: picture == 0);
        }

        var frames = Frames(publisher.Received());

        // Down at once (5, 6, 7 dropped); up one layer at a time at Y pictures: 9 (TID 2 while at 0) waits, 10 (TID 1,
        // Y) lifts to 1, 11 (TID 2 without Y) waits, 13 (TID 2, Y) lifts to 2.
        Assert.Equal([0, 1, 2, 3, 4, 8, 10, 12, 13, 14, 15], frames.Select(f => f.Source));
        AssertContiguous(publisher.Received());
        Assert.Equal(Enumerable.Range(500, frames.Count), frames.Select(f => f.Descriptor.PictureId));
        Assert.Equal(frames.Select(f => 40 + (f.Source / 4)), frames.Select(f => (int)f.Descriptor.Tl0PicIdx)); // TL0 pictures are never dropped.
        Assert.Equal(2 * 5, publisher.Forwarded.TemporalLayerDrops);
    }

    [Fact]
    public void ALayerSwitch_ContinuesPictureIdTl0PicIdxAndKeyIndex_AcrossTheirWraps()
    {
        using var rig = new ForwardingRig(subscribers: 0);
        var publisher = new Vp8SimulcastPublisher(rig, layers: 2);
        ushort low = 100;
        ushort high = 40_000;
        for (var picture = 0; picture < 14; picture++)
        {
            if (picture == 4)
            {
                publisher.Forwarded.TargetLayer = 0; // Switches at layer 0's keyframe, picture 6.
            }

            if (picture == 9)
            {
                publisher.Forwarded.TargetLayer = 1; // Back at layer 1's keyframe, picture 12.
            }

            var keyframe = picture % 6 == 0;
            // Layer 0: 7-bit picture ids, TL0PICIDX and KEYIDX near their wraps; layer 1: 15-bit ids near theirs.
            SendPicture(publisher, 0, ref low, picture, new Vp8Picture((120 + picture) & 0x7F, 7, (250 + picture) & 0xFF, 0, false, (30 + (picture / 6)) & 0x1F), keyframe);
            SendPicture(publisher, 1, ref high, 100 + picture, new Vp8Picture((0x7FFD + picture) & 0x7FFF, 15, 7 + picture, 0, false, 3 + (picture / 6)), keyframe);
        }

        // Layer 0's picture 12 still goes: it arrives before layer 1's keyframe of the same instant.
        var frames = Frames(publisher.Received());
        Assert.Equal([100, 101, 102, 103, 104, 105, 6, 7, 8, 9, 10, 11, 12, 112, 113], frames.Select(f => f.Source));
        AssertContiguous(publisher.Received());
        for (var i = 1; i < frames.Count; i++)
        {
            var (previous, current) = (frames[i - 1].Descriptor, frames[i].Descriptor);
            var modulus = 1 << Math.Min(previous.PictureIdWidth, current.PictureIdWidth); // Mixed widths agree in the narrower one.
            Assert.Equal(1, ((((current.PictureId - previous.PictureId) % modulus) + modulus) % modulus));
            Assert.Equal((byte)(previous.Tl0PicIdx + 1), current.Tl0PicIdx);
        }

        // Widths are the publisher's per layer; the first run keeps the publisher's numbers.
        Assert.Equal([15, 15, 15, 15, 15, 15, 7, 7, 7, 7, 7, 7, 7, 15, 15], frames.Select(f => f.Descriptor.PictureIdWidth));
        Assert.Equal(0x7FFD, frames[0].Descriptor.PictureId);
        Assert.Equal(2, frames[5].Descriptor.PictureId); // Wrapped at 15 bits.
        Assert.Equal(3, frames[6].Descriptor.PictureId);
        Assert.Equal(10, frames[13].Descriptor.PictureId);

        // KEYIDX one up at each switch (a keyframe), then with the layer's own: layer 0's keyframe at 12 moves it too.
        Assert.Equal([3, 3, 3, 3, 3, 3, 4, 4, 4, 4, 4, 4, 5, 6, 6], frames.Select(f => f.Descriptor.KeyIndex));
    }

    [Fact]
    public void ANackAfterDrops_IsAnsweredWithTheDescriptorAsFirstSent()
    {
        using var rig = new ForwardingRig(subscribers: 0);
        var publisher = new Vp8SimulcastPublisher(rig, layers: 1);
        publisher.Forwarded.TargetTemporalLayer = 0;
        ushort sequence = 7;
        for (var picture = 0; picture < 9; picture++)
        {
            var (tid, sync) = Pattern(picture);
            SendPicture(publisher, 0, ref sequence, picture, new Vp8Picture(picture, 7, picture / 4, tid, sync), keyframe: picture == 0);
        }

        var sent = publisher.Received();
        var asked = sent[^2]; // Picture 8's first packet: its publisher picture id 8 went out as 2.
        Assert.True(Vp8Descriptor.TryParse(asked.Payload, out var original));
        Assert.Equal(2, original.PictureId);
        var track = publisher.Forwarded;
        var nack = new byte[64];
        Assert.True(GenericNack.TryWrite(nack, 1, track.Ssrc, [asked.Sequence], out var written));

        track.Subscriber.OnRtcp(track.Subscriber.Transport, nack.AsSpan(0, written));

        var rtx = Assert.Single(publisher.ReceivedRtx());
        Assert.Equal(asked.Sequence, (ushort)((rtx.Payload[0] << 8) | rtx.Payload[1])); // RFC 4588 OSN.
        Assert.Equal(asked.Payload, rtx.Payload[2..]);
    }

    [Fact]
    public void APacketReorderedAcrossADroppedPicture_GetsTheNumberOfItsTime()
    {
        using var rig = new ForwardingRig(subscribers: 0);
        var publisher = new Vp8SimulcastPublisher(rig, layers: 1);
        publisher.Forwarded.TargetTemporalLayer = 0;
        var frame0 = new Vp8Picture(0, 15, 0, 0, false).Packetize(Frame(0, keyframe: true), 3);
        var frame1 = new Vp8Picture(1, 15, 0, 2, true).Packetize(Frame(1, keyframe: false), 3);
        var frame2 = new Vp8Picture(2, 15, 1, 0, false).Packetize(Frame(2, keyframe: false), 3);
        Assert.Equal(2, frame0.Count);

        publisher.Send(0, 10, 0, false, frame0[0]);
        publisher.Send(0, 12, 3000, false, frame1[0]); // Dropped: TID 2.
        publisher.Send(0, 13, 3000, true, frame1[1]);
        publisher.Send(0, 14, 6000, false, frame2[0]);
        publisher.Send(0, 11, 0, true, frame0[1]); // Late.
        publisher.Send(0, 15, 6000, true, frame2[1]);

        var received = publisher.Received();
        Assert.Equal([10, 12, 11, 13], received.Select(p => (int)p.Sequence));
        Assert.Equal([0, 1, 0, 1], received.Select(p => Vp8Descriptor.TryParse(p.Payload, out var d) ? d.PictureId : -1));
    }

    [Fact]
    public void ALatePicture_KeepsTheNumbersLeftForIt_AndGoesOnlyIfItsLayerWasForwardedAtItsTime()
    {
        using var rig = new ForwardingRig(subscribers: 0);
        var publisher = new Vp8SimulcastPublisher(rig, layers: 1);
        void Send(int picture, ushort first, int tid, bool sync)
        {
            var payloads = new Vp8Picture(picture, 15, picture / 4, tid, sync).Packetize(Frame(picture, keyframe: picture == 0), 2);
            publisher.Send(0, first, (uint)picture * 3000, false, payloads[0]);
            publisher.Send(0, (ushort)(first + 1), (uint)picture * 3000, true, payloads[1]);
        }

        Send(0, 1, 0, false);
        Send(2, 5, 1, true);
        Send(1, 3, 2, true); // Late, every layer forwarded then: goes, with the numbers kept free for it.
        publisher.Forwarded.TargetTemporalLayer = 0;
        Send(4, 9, 0, false);
        Send(3, 7, 2, false); // Late, and TID 2 was no longer forwarded when picture 4 passed it: dropped.

        var received = publisher.Received();
        Assert.Equal([1, 2, 5, 6, 3, 4, 9, 10], received.Select(p => (int)p.Sequence));
        Assert.Equal([0, 0, 2, 2, 1, 1, 4, 4], received.Select(p => Vp8Descriptor.TryParse(p.Payload, out var d) ? d.PictureId : -1));
    }

    [Fact]
    public void AnUnreadableDescriptor_IsDropped_LeavingAGapTheSubscriberRecoversFrom()
    {
        using var rig = new ForwardingRig(subscribers: 0);
        var publisher = new Vp8SimulcastPublisher(rig, layers: 1);
        var picture = new Vp8Picture(9, 7, 1, 0, false).Packetize(Frame(0, keyframe: true), 3);
        publisher.Send(0, 1, 0, false, picture[0]);
        publisher.Send(0, 2, 0, false, [0x80, 0xC0, 0x85]); // I L announced, the 15-bit id and TL0PICIDX cut off.
        publisher.Send(0, 3, 0, true, picture[1]);

        Assert.Equal([1, 3], publisher.Received().Select(p => (int)p.Sequence));
        Assert.Equal(1, publisher.Forwarded.UnreadableVp8Drops);
    }

    /// <summary>A frame of VP8 data: the payload header's P bit, then the source picture's number (to recognise it).</summary>
    private static byte[] Frame(int source, bool keyframe) => [(byte)(keyframe ? 0x10 : 0x11), (byte)(source >> 8), (byte)source, 0x55];

    private static void SendPicture(Vp8SimulcastPublisher publisher, int layer, ref ushort sequence, int source, Vp8Picture picture, bool keyframe)
    {
        var payloads = picture.Packetize(Frame(source, keyframe), 2);
        for (var i = 0; i < payloads.Count; i++)
        {
            publisher.Send(layer, sequence++, (uint)(source % 100 * 3000), i == payloads.Count - 1, payloads[i]);
        }
    }

    private static void AssertContiguous(List<Vp8SimulcastPublisher.ReceivedPacket> packets)
    {
        for (var i = 1; i < packets.Count; i++)
        {
            Assert.Equal((ushort)(packets[i - 1].Sequence + 1), packets[i].Sequence);
        }
    }

    /// <summary>The pictures received, in order, with the source picture each carried (from its first packet).</summary>
    private static List<(int Source, Vp8Descriptor Descriptor)> Frames(List<Vp8SimulcastPublisher.ReceivedPacket> packets)
    {
        var frames = new List<(int, Vp8Descriptor)>();
        for (var i = 0; i < packets.Count; i++)
        {
            Assert.True(Vp8Descriptor.TryParse(packets[i].Payload, out var d));
            if (d.IsStartOfFrame)
            {
                var data = packets[i].Payload.AsSpan(d.Length);
                var next = Vp8Descriptor.TryParse(packets[i + 1].Payload, out var n) ? packets[i + 1].Payload.AsSpan(n.Length) : [];
                byte[] joined = [.. data, .. next];
                frames.Add(((joined[1] << 8) | joined[2], d));
            }
        }

        return frames;
    }
}
