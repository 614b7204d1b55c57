using System.Buffers.Binary;
using CsCheck;
using OpenLive.Rtc.Rtcp;
using OpenLive.Rtc.Tests.Rtp;
using OpenLive.Tests.Shared;

namespace OpenLive.Rtc.Tests.Rtcp;

public sealed class TransportCcTests
{
    private static readonly TimeSpan Base = TimeSpan.FromSeconds(1000);

    // Browser-sent feedback published as interop vectors in pion/rtcp's transport_layer_cc_test.go ("example1" and
    // "example4"): P bit set with RTCP padding, reference times 4057090 and 1074030.
    private static readonly byte[] InteropExample1 =
    [
        0xaf, 0xcd, 0x0, 0x5, 0xfa, 0x17, 0xfa, 0x17, 0x43, 0x3, 0x2f, 0xa0, 0x0, 0x99, 0x0, 0x1,
        0x3d, 0xe8, 0x2, 0x17, 0x20, 0x1, 0x94, 0x1,
    ];

    private static readonly byte[] InteropExample4 =
    [
        0xaf, 0xcd, 0x0, 0x7, 0xfa, 0x17, 0xfa, 0x17, 0x19, 0x3d, 0xd8, 0xbb, 0x0, 0x4, 0x0, 0x7,
        0x10, 0x63, 0x6e, 0x1, 0x20, 0x7, 0x4c, 0x24, 0x24, 0x10, 0xc, 0xc, 0x10, 0x0, 0x0, 0x3,
    ];

    [Fact]
    public void Interop_SingleSmallDelta()
    {
        var packets = Read(InteropExample1, out var feedback);
        Assert.Equal((0xFA17FA17u, 0x43032FA0u, (ushort)153, 1, 4057090, (byte)23),
            (feedback.SenderSsrc, feedback.MediaSsrc, feedback.BaseSequenceNumber, feedback.PacketStatusCount, feedback.ReferenceTime, feedback.FeedbackPacketCount));
        var only = Assert.Single(packets);
        Assert.Equal(TransportCcStatus.ReceivedSmallDelta, only.Status);
        Assert.Equal(TimeSpan.FromMicroseconds(37_000), only.Delta);
        Assert.Equal((4057090 * TimeSpan.FromMilliseconds(64)) + TimeSpan.FromMilliseconds(37), only.ArrivalTime);
    }

    [Fact]
    public void Interop_RunOfSevenSmallDeltas()
    {
        var packets = Read(InteropExample4, out var feedback);
        Assert.Equal((ushort)4, feedback.BaseSequenceNumber);
        Assert.Equal(1074030, feedback.ReferenceTime);
        Assert.Equal([19_000, 9_000, 9_000, 4_000, 3_000, 3_000, 4_000], packets.Select(p => (int)p.Delta.TotalMicroseconds).ToArray());
        Assert.Equal(Enumerable.Range(4, 7).Select(i => (ushort)i).ToArray(), packets.Select(p => p.SequenceNumber).ToArray());
        Assert.All(packets, p => Assert.True(p.Received && p.HasArrivalTime));
    }

    [Fact]
    public void DraftRunLengthExample1_221NotReceived()
    {
        // draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1.3: 0x00DD is a run of 221 "not received".
        var packets = Read(Build(0, 221, 0, "00DD"), out _);
        Assert.Equal(221, packets.Count);
        Assert.All(packets, p => Assert.Equal(TransportCcStatus.NotReceived, p.Status));
    }

    [Fact]
    public void DraftRunLengthExample2_SymbolThreeIsReceivedWithoutDelta()
    {
        // §3.1.3 example 2: 0x6018 is a run of 24 of symbol 11, which the example calls "received, w/o recv delta".
        var packets = Read(Build(0, 24, 0, "6018"), out _);
        Assert.Equal(24, packets.Count);
        Assert.All(packets, p => Assert.Equal((TransportCcStatus.ReceivedWithoutDelta, false), (p.Status, p.HasArrivalTime)));
    }

    [Fact]
    public void DraftStatusVectorExamples()
    {
        // §3.1.4 example 1: 0x9F1C, 14 one-bit symbols 0 1 1 1 1 1 0 0 0 1 1 1 0 0 (8 small deltas follow).
        var oneBit = Read(Build(10, 14, 0, "9F1C" + "0102030405060708"), out _);
        Assert.Equal("01111100011100", string.Concat(oneBit.Select(p => (int)p.Status)));
        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8], oneBit.Where(p => p.Received).Select(p => (int)(p.Delta.Ticks / 2500)).ToArray());

        // §3.1.4 example 2: 0xCD50, 7 two-bit symbols 00 11 01 01 01 00 00 (3 small deltas follow).
        var twoBit = Read(Build(10, 7, 0, "CD50" + "0A0B0C"), out _);
        Assert.Equal("0311100", string.Concat(twoBit.Select(p => (int)p.Status)));
    }

    [Fact]
    public void NegativeReferenceTime_IsSignExtended()
    {
        var packets = Read(Build(0, 1, -2, "2001" + "04"), out var feedback);
        Assert.Equal(-2, feedback.ReferenceTime);
        Assert.Equal(TimeSpan.FromMilliseconds(-128) + TimeSpan.FromMilliseconds(1), packets[0].ArrivalTime);
    }

    [Theory]
    [InlineData("")] // no chunk
    [InlineData("4002" + "01")] // a run of two large deltas, two bytes (one of them padding) present
    [InlineData("E800" + "0001")] // two large deltas announced, one present
    public void Malformed_IsRejected(string fci) =>
        Assert.False(TransportCcFeedback.TryParse(RtcpTestPackets.Single(Build(0, 2, 0, fci)), out _));

    [Fact]
    public void ZeroStatusCount_IsRejected() =>
        Assert.False(TransportCcFeedback.TryParse(RtcpTestPackets.Single(Build(0, 0, 0, "2001" + "01")), out _));

    [Fact]
    public void Writer_ProducesTheDraftLayout_ByteForByte()
    {
        // 1000 s is exactly 15625 × 64 ms, so the first delta is 0; then one loss, +1 ms (4 units), +0.5 ms (2 units).
        // One 1-bit status vector 1 0 1 1 (0xAC00), three 1-byte deltas, zero padding to the word without the P bit.
        TimeSpan[] arrivals = [Base, TransportCcWriter.NotReceived, Base + TimeSpan.FromMilliseconds(1), Base + TimeSpan.FromMilliseconds(1.5)];
        Assert.Equal(
            Convert.FromHexString("8FCD0006" + "11223344" + "55667788" + "0064" + "0004" + "003D09" + "00" + "AC00" + "000402" + "000000"),
            Write(arrivals, out var reported));
        Assert.Equal(4, reported);
    }

    [Fact]
    public void Writer_FourteenEqualSymbols_MakeARun_ThirteenAVector()
    {
        var fourteen = Write(Enumerable.Range(0, 14).Select(i => Base + TimeSpan.FromMilliseconds(i)).ToArray(), out _);
        Assert.Equal(0x200E, Chunk(fourteen, 0));
        var thirteen = Write(Enumerable.Range(0, 13).Select(i => Base + TimeSpan.FromMilliseconds(i)).ToArray(), out _);
        Assert.Equal(0xBFFE, Chunk(thirteen, 0));
    }

    [Fact]
    public void Writer_LongLossRuns_SplitAt8191()
    {
        var arrivals = new TimeSpan[10_002];
        arrivals.AsSpan().Fill(TransportCcWriter.NotReceived);
        arrivals[0] = Base;
        arrivals[^1] = Base + TimeSpan.FromSeconds(2);
        var packet = Write(arrivals, out var reported);
        Assert.Equal(10_002, reported);
        // One-bit vector (received + 13 lost), two runs of lost, then the last packet's 2 s delta needs a 2-bit vector.
        Assert.Equal([0xA000, 0x1FFF, 0x0704, 0xE000], Enumerable.Range(0, 4).Select(i => (int)Chunk(packet, i)).ToArray());
        var packets = Read(packet, out var feedback);
        Assert.Equal(10_002, feedback.PacketStatusCount);
        Assert.Equal(2, packets.Count(p => p.Received));
        Assert.Equal(arrivals[^1], packets[^1].ArrivalTime);
    }

    [Fact]
    public void Writer_MixedDeltas_UseTwoBitVectors()
    {
        // 1 ms (4 units, small) alternating with 100 ms (400 units, large).
        var arrivals = new TimeSpan[7];
        var time = Base;
        for (var i = 0; i < arrivals.Length; i++)
        {
            time += TimeSpan.FromMilliseconds(i % 2 == 0 ? 1 : 100);
            arrivals[i] = time;
        }

        var packet = Write(arrivals, out _);
        Assert.Equal(0xC000, Chunk(packet, 0) & 0xC000);
        var packets = Read(packet, out _);
        Assert.Equal([1, 2, 1, 2, 1, 2, 1], packets.Select(p => (int)p.Status).ToArray());
        Assert.Equal(arrivals, packets.Select(p => p.ArrivalTime).ToArray());
    }

    [Fact]
    public void Writer_ReorderedArrivals_GiveLargeNegativeDeltas()
    {
        TimeSpan[] arrivals = [Base + TimeSpan.FromMilliseconds(50), Base, Base + TimeSpan.FromMilliseconds(-8000)];
        var packets = Read(Write(arrivals, out var reported), out _);
        Assert.Equal(3, reported);
        Assert.Equal([TransportCcStatus.ReceivedSmallDelta, TransportCcStatus.ReceivedLargeDelta, TransportCcStatus.ReceivedLargeDelta], packets.Select(p => p.Status).ToArray());
        Assert.Equal(TimeSpan.FromMilliseconds(-50), packets[1].Delta);
        Assert.Equal(arrivals, packets.Select(p => p.ArrivalTime).ToArray());
    }

    [Fact]
    public void Writer_StopsBeforeADeltaSixteenBitsCannotCarry()
    {
        TimeSpan[] arrivals = [Base, TransportCcWriter.NotReceived, Base + TimeSpan.FromSeconds(9)];
        Write(arrivals, out var reported);
        Assert.Equal(2, reported);
        Write(arrivals[2..], out reported);
        Assert.Equal(1, reported);
    }

    [Fact]
    public void Writer_FillsASmallDestination_AndReportsHowFarItGot()
    {
        var arrivals = Enumerable.Range(0, 100).Select(i => Base + TimeSpan.FromMilliseconds(i * 7 % 13)).ToArray();
        var buffer = new byte[40];
        Assert.True(TransportCcWriter.TryWrite(buffer, 1, 2, 500, 0, arrivals, out var written, out var reported));
        Assert.InRange(written, 24, 40);
        Assert.InRange(reported, 1, 99);
        var packets = Read(buffer[..written], out var feedback);
        Assert.Equal(reported, feedback.PacketStatusCount);
        Assert.Equal(arrivals[..reported], packets.Select(p => p.ArrivalTime).ToArray());
        Assert.False(TransportCcWriter.TryWrite(new byte[20], 1, 2, 500, 0, arrivals, out _, out _));
        Assert.False(TransportCcWriter.TryWrite(buffer, 1, 2, 500, 0, [], out _, out _));
    }

    [Fact]
    public void Writer_RoundTripsAnyArrivals()
    {
        var step = Gen.Frequency(
            (8, Gen.Long[0, 20_000]),
            (2, Gen.Long[-100_000, 300_000]),
            (1, Gen.Long[-6_000_000, 6_000_000]),
            (3, Gen.Const(long.MinValue)));
        Gen.Select(Gen.UShort, step.Array[1, 600]).Sample((baseSequence, steps) =>
        {
            var arrivals = new TimeSpan[steps.Length];
            var time = Base;
            for (var i = 0; i < steps.Length; i++)
            {
                if (steps[i] == long.MinValue)
                {
                    arrivals[i] = TransportCcWriter.NotReceived;
                    continue;
                }

                time += TimeSpan.FromMicroseconds(steps[i]);
                arrivals[i] = time;
            }

            var buffer = new byte[4000];
            var offset = 0;
            while (offset < arrivals.Length)
            {
                Assert.True(TransportCcWriter.TryWrite(buffer, 7, 8, (ushort)(baseSequence + offset), 3, arrivals.AsSpan(offset), out var written, out var reported));
                Assert.Equal(0, written % 4);
                var packets = Read(buffer[..written], out var feedback);
                Assert.Equal((ushort)(baseSequence + offset), feedback.BaseSequenceNumber);
                Assert.Equal(reported, packets.Count);
                for (var i = 0; i < reported; i++)
                {
                    var expected = arrivals[offset + i];
                    Assert.Equal((ushort)(baseSequence + offset + i), packets[i].SequenceNumber);
                    Assert.Equal(expected != TransportCcWriter.NotReceived, packets[i].Received);
                    if (packets[i].Received)
                    {
                        Assert.InRange((packets[i].ArrivalTime - expected).Ticks, -1250, 1250);
                    }
                }

                offset += reported;
            }
        }, iter: 500);
    }

    [Fact]
    public void MutatedFeedback_NeverThrows()
    {
        var written = Write(Enumerable.Range(0, 40).Select(i => i % 5 == 0 ? TransportCcWriter.NotReceived : Base + TimeSpan.FromMilliseconds(i * 30 % 97)).ToArray(), out _);
        Mutations.Of(written).Sample(bytes => { RtcpTestPackets.ReadEverything(bytes, out _); }, iter: 10_000);
        Mutations.Of(InteropExample4).Sample(bytes => { RtcpTestPackets.ReadEverything(bytes, out _); }, iter: 5_000);
    }

    [Fact]
    public void RandomFci_NeverThrows() =>
        Gen.Select(Gen.UShort[0, 300], Gen.Byte.Array[0, 80]).Sample((count, fci) =>
        {
            var bytes = Build(0, count, 0, Convert.ToHexString(fci));
            RtcpTestPackets.ReadEverything(bytes, out _);
        }, iter: 20_000);

    [Fact]
    public void WriteAndRead_AllocateNothing()
    {
        var arrivals = Enumerable.Range(0, 200).Select(i => i % 9 == 0 ? TransportCcWriter.NotReceived : Base + TimeSpan.FromMilliseconds(i * 3)).ToArray();
        var buffer = new byte[1200];
        var count = 0;
        var allocated = AllocationMeter.LeastAllocated(() =>
        {
            TransportCcWriter.TryWrite(buffer, 1, 2, 3, 4, arrivals, out var written, out _);
            var reader = new RtcpReader(buffer.AsSpan(0, written));
            while (reader.TryRead(out var packet))
            {
                if (TransportCcFeedback.TryParse(packet, out var feedback))
                {
                    foreach (var reported in feedback)
                    {
                        count += reported.Received ? 1 : 0;
                    }
                }
            }
        });
        Assert.Equal(0, allocated);
        Assert.True(count > 0);
    }

    internal static List<TransportCcPacket> Read(byte[] bytes, out TransportCcFeedbackValues values)
    {
        Assert.True(TransportCcFeedback.TryParse(RtcpTestPackets.Single(bytes), out var feedback));
        values = new TransportCcFeedbackValues(feedback.SenderSsrc, feedback.MediaSsrc, feedback.BaseSequenceNumber, feedback.PacketStatusCount, feedback.ReferenceTime, feedback.FeedbackPacketCount);
        var list = new List<TransportCcPacket>();
        foreach (var packet in feedback)
        {
            list.Add(packet);
        }

        return list;
    }

    private static byte[] Write(TimeSpan[] arrivals, out int reported)
    {
        var buffer = new byte[70_000];
        Assert.True(TransportCcWriter.TryWrite(buffer, 0x11223344, 0x55667788, 100, 0, arrivals, out var written, out reported));
        return buffer[..written];
    }

    private static ushort Chunk(byte[] packet, int index) => BinaryPrimitives.ReadUInt16BigEndian(packet.AsSpan(20 + (2 * index)));

    /// <summary>A TWCC packet with the given FCI after the 8-byte FCI header, zero-padded to a word.</summary>
    private static byte[] Build(ushort baseSequence, int count, int referenceTime, string fciAfterHeader)
    {
        var body = Convert.FromHexString(fciAfterHeader);
        var length = (20 + body.Length + 3) & ~3;
        var bytes = new byte[length];
        bytes[0] = 0x8F;
        bytes[1] = 205;
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(2), (ushort)((length / 4) - 1));
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(12), baseSequence);
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(14), (ushort)count);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(16), (uint)referenceTime << 8);
        body.CopyTo(bytes, 20);
        return bytes;
    }
}

/// <summary>The scalar fields of a feedback, copied out of the ref struct for assertions.</summary>
internal readonly record struct TransportCcFeedbackValues(uint SenderSsrc, uint MediaSsrc, ushort BaseSequenceNumber, int PacketStatusCount, int ReferenceTime, byte FeedbackPacketCount);
