using System.Buffers.Binary;
using OpenLive.Egress.Recording;
using OpenLive.Tests.Shared;

namespace OpenLive.Egress.Tests.Recording;

public sealed class PacketRingTests
{
    [Fact]
    public void Packets_ComeOutInOrder_WithTheirLengths()
    {
        var ring = new PacketRing(8, 64);
        for (var i = 0; i < 5; i++)
        {
            Assert.True(ring.TryWrite(Packet(i, 12 + i)));
        }

        var seen = new Collector();
        Assert.Equal(3, ring.Drain(seen, max: 3));
        Assert.Equal(2, ring.Count);
        Assert.Equal(2, ring.Drain(seen));
        Assert.Equal([(0, 12), (1, 13), (2, 14), (3, 15), (4, 16)], seen.Packets);
        Assert.Equal(0, ring.Drain(seen));
    }

    [Fact]
    public void AFullRing_DropsAndCounts_WithoutBlocking_AndTakesPacketsAgainOnceDrained()
    {
        var ring = new PacketRing(4, 64);
        for (var i = 0; i < 4; i++)
        {
            Assert.True(ring.TryWrite(Packet(i, 20)));
        }

        Assert.False(ring.TryWrite(Packet(4, 20)));
        Assert.False(ring.TryWrite(Packet(5, 20)));
        Assert.Equal(2, ring.DroppedFull);

        var seen = new Collector();
        ring.Drain(seen, max: 1);
        Assert.True(ring.TryWrite(Packet(6, 20)));
        ring.Drain(seen);
        Assert.Equal([0, 1, 2, 3, 6], seen.Packets.Select(p => p.Number));
    }

    [Fact]
    public void AnOversizedPacket_IsDroppedAndCounted()
    {
        var ring = new PacketRing(4, 64);
        Assert.False(ring.TryWrite(new byte[65]));
        Assert.True(ring.TryWrite(new byte[64]));
        Assert.Equal(1, ring.DroppedOversized);
        Assert.Equal(1, ring.Count);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(1 << 17)]
    public void ACapacityThatIsNotAPowerOfTwoInRange_IsRefused(int capacity) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new PacketRing(capacity, 1500));

    [Fact]
    public async Task AProducerAndAConsumerOnTwoThreads_LoseNothingTheRingTook_AndCorruptNothing()
    {
        const int Packets = 200_000;
        var ring = new PacketRing(256, 1200);
        var checker = new SequenceChecker();
        var producer = Task.Run(() =>
        {
            var accepted = 0;
            for (var i = 0; i < Packets; i++)
            {
                var packet = Packet(i, 12 + (i % 1000));
                if (ring.TryWrite(packet))
                {
                    accepted++;
                }
            }

            return accepted;
        }, TestContext.Current.CancellationToken);

        while (!producer.IsCompleted || ring.Count > 0)
        {
            if (ring.Drain(checker) == 0)
            {
                Thread.Yield();
            }
        }

        var taken = await producer;
        Assert.Equal(taken, checker.Count);
        Assert.Equal(Packets, taken + ring.DroppedFull);
        Assert.True(checker.Intact, checker.Problem);
    }

    [Fact]
    public void WritingAndDraining_AllocateNothing()
    {
        var ring = new PacketRing(64, 1500);
        var packet = Packet(1, 1200);
        var sink = new Collector(keep: false);
        Assert.Equal(0, AllocationMeter.LeastAllocated(() =>
        {
            for (var i = 0; i < 32; i++)
            {
                ring.TryWrite(packet);
            }

            ring.Drain(sink);
        }));
    }

    private static byte[] Packet(int number, int length)
    {
        var packet = new byte[length];
        BinaryPrimitives.WriteInt32BigEndian(packet, number);
        for (var i = 4; i < length; i++)
        {
            packet[i] = (byte)(number + i);
        }

        return packet;
    }

    private sealed class Collector(bool keep = true) : IPacketConsumer
    {
        public List<(int Number, int Length)> Packets { get; } = [];

        public void OnPacket(ReadOnlySpan<byte> packet)
        {
            if (keep)
            {
                Packets.Add((BinaryPrimitives.ReadInt32BigEndian(packet), packet.Length));
            }
        }
    }

    /// <summary>Checks each packet's bytes and that numbers only grow (drops leave gaps, never reorderings).</summary>
    private sealed class SequenceChecker : IPacketConsumer
    {
        private int _last = -1;

        public int Count { get; private set; }

        public bool Intact { get; private set; } = true;

        public string Problem { get; private set; } = "";

        public void OnPacket(ReadOnlySpan<byte> packet)
        {
            Count++;
            var number = BinaryPrimitives.ReadInt32BigEndian(packet);
            if (number <= _last || packet.Length != 12 + (number % 1000))
            {
                Fail($"packet {number} of {packet.Length} bytes after {_last}");
            }

            for (var i = 4; i < packet.Length; i++)
            {
                if (packet[i] != (byte)(number + i))
                {
                    Fail($"packet {number} corrupt at byte {i}");
                    break;
                }
            }

            _last = number;
        }

        private void Fail(string problem)
        {
            if (Intact)
            {
                Intact = false;
                Problem = problem;
            }
        }
    }
}
