using System.Buffers.Binary;
using CsCheck;
using OpenLive.Rtc.Client;
using OpenLive.Rtc.Rtp.Codecs;
using OpenLive.Rtc.Tests.Rtp;
using OpenLive.Tests.Shared;

namespace OpenLive.Rtc.Client.Tests;

/// <summary>The synthetic sources produce what an SFU's keyframe detection and a latency probe reader expect.</summary>
public sealed class SyntheticSourceTests
{
    [Fact]
    public void FirstFrame_IsAKeyframe_WithTheVp8KeyframeHeader()
    {
        var source = new SyntheticVideoSource(30, 1_000_000, 1280, 720);
        var count = source.NextFrame();
        var packets = Packets(source, count);

        Assert.True(source.IsKeyframe);
        Assert.Equal(1, source.KeyframesProduced);
        Assert.True(Vp8Descriptor.TryParse(packets[0].Payload, out var first));
        Assert.True(first.IsStartOfFrame);
        Assert.True(first.IsKeyframe);
        Assert.Equal(15, first.PictureIdWidth);

        // RFC 6386 §9.1: frame tag (P=0, show_frame=1), start code 9d 01 2a, 14-bit width and height, little-endian.
        var vp8 = packets[0].Payload.AsSpan(first.Length);
        Assert.Equal(0, vp8[0] & 0x01);
        Assert.Equal(0x10, vp8[0] & 0x10);
        Assert.Equal(new byte[] { 0x9d, 0x01, 0x2a }, vp8.Slice(3, 3).ToArray());
        Assert.Equal(1280, BinaryPrimitives.ReadUInt16LittleEndian(vp8[6..]) & 0x3FFF);
        Assert.Equal(720, BinaryPrimitives.ReadUInt16LittleEndian(vp8[8..]) & 0x3FFF);

        // Only the first packet starts the frame; only the last has the marker; all share the picture id.
        Assert.All(packets.Skip(1), p => Assert.True(Vp8Descriptor.TryParse(p.Payload, out var d) && !d.IsStartOfFrame && !d.IsKeyframe && d.PictureId == first.PictureId));
        Assert.Equal([.. Enumerable.Repeat(false, count - 1), true], packets.Select(p => p.Marker));
        Assert.All(packets, p => Assert.InRange(p.Payload.Length, 5, SyntheticVideoSource.MaxPacketPayload));
        Assert.True(MediaProbe.TryReadAtEnd(packets[^1].Payload, out var probe));
        Assert.Equal(0u, probe.FrameNumber);
    }

    [Fact]
    public void Interframes_AreNotKeyframes_UntilOneIsRequested()
    {
        var source = new SyntheticVideoSource(25, 2_000_000);
        source.NextFrame();
        var firstTimestamp = source.Timestamp;
        var firstPicture = PictureIdOf(source);

        source.NextFrame();
        var packets = Packets(source, source.PacketCount);
        Assert.False(source.IsKeyframe);
        Assert.True(Vp8Descriptor.TryParse(packets[0].Payload, out var descriptor));
        Assert.True(descriptor.IsStartOfFrame);
        Assert.False(descriptor.IsKeyframe);
        Assert.Equal(1, packets[0].Payload[descriptor.Length] & 0x01);
        Assert.Equal(90000u / 25, source.Timestamp - firstTimestamp);
        Assert.Equal((firstPicture + 1) & 0x7FFF, descriptor.PictureId);

        // 2 Mbit/s at 25 fps: 10,000-byte interframes in 9 packets; a keyframe is four times that.
        Assert.Equal(10_000, packets.Sum(p => p.Payload.Length - 4));
        source.RequestKeyframe();
        source.NextFrame();
        Assert.True(source.IsKeyframe);
        Assert.Equal(40_000, Packets(source, source.PacketCount).Sum(p => p.Payload.Length - 4));
        Assert.Equal(2, source.KeyframesProduced);
        source.NextFrame();
        Assert.False(source.IsKeyframe);
    }

    [Fact]
    public void AudioPackets_AreOpusSized_TwentyMillisecondsApart_WithAProbe()
    {
        var source = new SyntheticAudioSource(32_000);
        var buffer = new byte[500];

        var first = source.WritePacket(buffer);
        var firstTimestamp = source.Timestamp;
        Assert.True(MediaProbe.TryReadAtEnd(buffer.AsSpan(0, first), out var probe));
        var second = source.WritePacket(buffer);

        Assert.Equal(80, first);
        Assert.Equal(80, second);
        Assert.Equal(0u, probe.FrameNumber);
        Assert.Equal(960u, source.Timestamp - firstTimestamp);
        Assert.Equal(15, buffer[0] >> 3);
    }

    [Fact]
    public void Probe_RoundTrips_AtTheEndOfAnyPayload()
    {
        Gen.Select(Gen.UInt, Gen.UInt, Gen.Byte.Array[0, 100]).Sample((sendTime, frame, prefix) =>
        {
            var payload = new byte[prefix.Length + MediaProbe.Length];
            prefix.CopyTo(payload, 0);
            Assert.True(new MediaProbe(sendTime, frame).TryWriteAtEnd(payload));
            Assert.True(MediaProbe.TryReadAtEnd(payload, out var read));
            Assert.Equal(new MediaProbe(sendTime, frame), read);
        });
    }

    [Fact]
    public void ProbeReader_NeverThrows_OnRandomOrDamagedBytes()
    {
        var probe = new byte[MediaProbe.Length + 4];
        new MediaProbe(0x01020304, 7).TryWriteAtEnd(probe);
        Gen.OneOf(Gen.Byte.Array[0, 40], Mutations.Of(probe)).Sample(bytes =>
        {
            if (MediaProbe.TryReadAtEnd(bytes, out var read))
            {
                Assert.Equal("OLpr"u8.ToArray(), bytes.AsSpan(bytes.Length - MediaProbe.Length, 4).ToArray());
            }
            else
            {
                Assert.Equal(default, read);
            }
        });
        Assert.False(new MediaProbe(1, 1).TryWriteAtEnd(new byte[MediaProbe.Length - 1]));
    }

    [Fact]
    public void ProbeLatency_IsModular_AcrossTheWrap()
    {
        var probe = new MediaProbe(0xFFFF_FFF0, 1);
        Assert.Equal(TimeSpan.FromMicroseconds(0x30), probe.LatencyAt(0x20));
        var now = MediaProbe.Now(TimeProvider.System);
        Assert.InRange(new MediaProbe(now, 0).LatencyAt(MediaProbe.Now(TimeProvider.System)), TimeSpan.Zero, TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void ProducingFrames_AllocatesNothing()
    {
        var source = new SyntheticVideoSource(30, 1_500_000);
        var buffer = new byte[SyntheticVideoSource.MaxPacketPayload];
        var audio = new SyntheticAudioSource();
        var allocated = AllocationMeter.LeastAllocated(() =>
        {
            var count = source.NextFrame();
            for (var i = 0; i < count; i++)
            {
                source.WritePacket(i, buffer, out _);
            }

            audio.WritePacket(buffer);
        }, 200);
        Assert.Equal(0, allocated);
    }

    private static int PictureIdOf(SyntheticVideoSource source)
    {
        var buffer = new byte[SyntheticVideoSource.MaxPacketPayload];
        source.WritePacket(0, buffer, out _);
        Assert.True(Vp8Descriptor.TryParse(buffer, out var descriptor));
        return descriptor.PictureId;
    }

    private static List<(byte[] Payload, bool Marker)> Packets(SyntheticVideoSource source, int count)
    {
        var packets = new List<(byte[], bool)>();
        var buffer = new byte[SyntheticVideoSource.MaxPacketPayload];
        for (var i = 0; i < count; i++)
        {
            var length = source.WritePacket(i, buffer, out var marker);
            packets.Add((buffer[..length], marker));
        }

        return packets;
    }
}
