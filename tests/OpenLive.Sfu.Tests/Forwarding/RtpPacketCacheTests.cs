using OpenLive.Sfu.Forwarding;

namespace OpenLive.Sfu.Tests.Forwarding;

public sealed class RtpPacketCacheTests
{
    [Fact]
    public void StoredPacket_IsReturnedUntilOverwritten()
    {
        var cache = new RtpPacketCache(16);
        cache.Store(100, [1, 2, 3]);
        Assert.True(cache.TryGet(100, out var packet));
        Assert.Equal([1, 2, 3], packet.ToArray());

        cache.Store(116, [4]); // Same slot, 16 later.
        Assert.False(cache.TryGet(100, out _));
        Assert.True(cache.TryGet(116, out packet));
        Assert.Equal([4], packet.ToArray());
    }

    [Fact]
    public void SequenceWrap_KeepsBothSides()
    {
        var cache = new RtpPacketCache(64);
        cache.Store(65535, [9]);
        cache.Store(0, [10]);
        Assert.True(cache.TryGet(65535, out var before));
        Assert.True(cache.TryGet(0, out var after));
        Assert.Equal(9, before[0]);
        Assert.Equal(10, after[0]);
    }

    [Fact]
    public void UnknownOrOversized_IsAMiss()
    {
        var cache = new RtpPacketCache(16);
        Assert.False(cache.TryGet(5, out _));
        cache.Store(5, new byte[RtpPacketCache.SlotSize + 1]);
        Assert.False(cache.TryGet(5, out _));
    }

    [Fact]
    public void Store_AllocatesNothing()
    {
        var cache = new RtpPacketCache(512);
        var packet = new byte[1200];
        for (ushort i = 0; i < 1000; i++)
        {
            cache.Store(i, packet);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (ushort i = 0; i < 10_000; i++)
        {
            cache.Store(i, packet);
            _ = cache.TryGet(i, out _);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
