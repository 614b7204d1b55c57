using OpenLive.Rtc.Rtp;
using OpenLive.Tests.Shared;

namespace OpenLive.Rtc.Tests.Rtp;

/// <summary>The packet history both endpoints answer NACKs from (RFC 4585 §6.2.1, RFC 4588).</summary>
public sealed class RtpSendHistoryTests
{
    [Fact]
    public void KeepsTheLastCapacityPackets_BySequenceNumber_AcrossTheWrap()
    {
        var history = new RtpSendHistory(20);
        Assert.Equal(32, history.Capacity);
        for (var i = 0; i < 40; i++)
        {
            var sequence = (ushort)(65530 + i);
            Assert.True(history.Store(sequence, [(byte)i, 1, 2]));
        }

        Assert.False(history.TryGet(65530, out _));
        Assert.False(history.TryGet(1, out _));
        Assert.True(history.TryGet(2, out var oldest));
        Assert.Equal(new byte[] { 8, 1, 2 }, oldest.ToArray());
        Assert.True(history.TryGet(unchecked((ushort)(65530 + 39)), out var newest));
        Assert.Equal(39, newest[0]);
        Assert.False(history.TryGet(100, out _));
    }

    [Fact]
    public void APacketStaysUntilItsSlotIsReused()
    {
        var history = new RtpSendHistory(16);
        history.Store(100, [1, 2, 3]);
        Assert.True(history.TryGet(100, out var packet));
        Assert.Equal([1, 2, 3], packet.ToArray());

        history.Store(116, [4]); // Same slot, 16 later.
        Assert.False(history.TryGet(100, out _));
        Assert.True(history.TryGet(116, out packet));
        Assert.Equal([4], packet.ToArray());
    }

    [Fact]
    public void NothingStoredYet_IsAMiss_EvenForSequenceZero()
    {
        var history = new RtpSendHistory(16);
        Assert.False(history.TryGet(0, out _));
        Assert.False(history.TryGet(5, out _));
        Assert.Equal(16, new RtpSendHistory(0).Capacity);
    }

    [Fact]
    public void RefusesPacketsLongerThanASlot_AndForgetsWhatTheSlotHeld()
    {
        var history = new RtpSendHistory(16);
        history.Store(5, [1]);
        Assert.False(history.Store(21, new byte[RtpSendHistory.SlotSize + 1]));
        Assert.False(history.TryGet(5, out _));
        Assert.False(history.TryGet(21, out _));
        Assert.True(history.Store(21, new byte[RtpSendHistory.SlotSize]));
        Assert.True(history.TryGet(21, out var full));
        Assert.Equal(RtpSendHistory.SlotSize, full.Length);
    }

    [Fact]
    public void StoreAndLookup_AllocateNothing()
    {
        var history = new RtpSendHistory(512);
        var packet = new byte[1200];
        ushort sequence = 0;
        Assert.Equal(0, AllocationMeter.LeastAllocated(() =>
        {
            history.Store(sequence, packet);
            _ = history.TryGet(sequence, out _);
            sequence++;
        }, 10_000));
    }
}
