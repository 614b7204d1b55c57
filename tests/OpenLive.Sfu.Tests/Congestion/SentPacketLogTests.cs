using OpenLive.Sfu.Congestion;

namespace OpenLive.Sfu.Tests.Congestion;

public sealed class SentPacketLogTests
{
    [Fact]
    public void APacket_IsKept_UntilCapacityLaterOnesOverwriteIt_AcrossTheSequenceWrap()
    {
        var log = new SentPacketLog();
        Assert.False(log.TryGet(65535, out _));
        for (var i = 0; i < SentPacketLog.Capacity; i++)
        {
            log.Record(unchecked((ushort)(65000 + i)), 100 + i, 1000 + i, i % 3);
        }

        Assert.True(log.TryGet(65000, out var first));
        Assert.Equal(new SentPacket(1000, 100, 0), first);
        Assert.True(log.TryGet(unchecked((ushort)(65000 + SentPacketLog.Capacity - 1)), out _));

        log.Record(unchecked((ushort)(65000 + SentPacketLog.Capacity)), 1, 1, 0);
        Assert.False(log.TryGet(65000, out _));
    }
}
