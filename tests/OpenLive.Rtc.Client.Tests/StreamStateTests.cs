using OpenLive.Rtc.Client;
using OpenLive.Rtc.Rtcp;
using OpenLive.Rtc.Tests.Rtp;

namespace OpenLive.Rtc.Client.Tests;

/// <summary>The send history that answers NACKs and the receive statistics behind report blocks (RFC 3550 Appendix A).</summary>
public sealed class StreamStateTests
{
    [Fact]
    public void History_KeepsTheLastCapacityPackets_BySequenceNumber_AcrossTheWrap()
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
    public void History_RefusesPacketsLongerThanASlot_AndForgetsWhatTheSlotHeld()
    {
        var history = new RtpSendHistory(16);
        history.Store(5, [1]);
        Assert.False(history.Store(21, new byte[RtpSendHistory.SlotSize + 1]));
        Assert.False(history.TryGet(5, out _));
        Assert.False(history.TryGet(21, out _));
        Assert.Equal(0, Allocations.Measure(() => history.Store(7, [1, 2, 3])));
    }

    [Fact]
    public void Statistics_CountLossAndFraction_PerReportInterval()
    {
        var statistics = new RtpReceiveStatistics();
        foreach (var sequence in new ushort[] { 100, 101, 103, 104, 108 })
        {
            statistics.OnPacket(sequence, 0, 0, countJitter: false);
        }

        // Expected 100..108 = 9, received 5: 4 lost, fraction 4/9 of 256 = 113 (RFC 3550 A.3).
        var block = statistics.NextReportBlock(0xABCD, 0, 0);
        Assert.Equal((4, (byte)113, 108u), (block.CumulativeLost, block.FractionLost, block.ExtendedHighestSequence));
        Assert.Equal(0xABCDu, block.Ssrc);

        // The late 102 arrives and 109 follows: this interval expected 1 more and received 2, so nothing lost in it.
        statistics.OnPacket(102, 0, 0, countJitter: false);
        statistics.OnPacket(109, 0, 0, countJitter: false);
        block = statistics.NextReportBlock(0xABCD, 0x1234, 0x10);
        Assert.Equal((3, (byte)0), (block.CumulativeLost, block.FractionLost));
        Assert.Equal((0x1234u, 0x10u), (block.LastSenderReport, block.DelaySinceLastSenderReport));
    }

    [Fact]
    public void Statistics_ExtendTheHighestSequenceNumber_OverTheWrap()
    {
        var statistics = new RtpReceiveStatistics();
        for (var i = 0; i < 20; i++)
        {
            statistics.OnPacket(unchecked((ushort)(65530 + i)), 0, 0, countJitter: false);
        }

        statistics.OnPacket(65535, 0, 0, countJitter: false);
        var block = statistics.NextReportBlock(1, 0, 0);
        Assert.Equal((1u << 16) | 13u, block.ExtendedHighestSequence);
        Assert.Equal(-1, block.CumulativeLost);
        Assert.Equal(0, statistics.Expected - 20);
    }

    [Fact]
    public void Jitter_IsZeroForSteadyTransit_AndFollowsAlternatingDelay()
    {
        var steady = new RtpReceiveStatistics();
        for (var i = 0; i < 50; i++)
        {
            steady.OnPacket((ushort)i, (uint)(i * 3000), (i * 3000) + 777, countJitter: true);
        }

        Assert.Equal(0, steady.Jitter);

        // Transit alternating by 90 units (1 ms at 90 kHz): J converges to |D| = 90 (RFC 3550 A.8, J += (|D| - J) / 16).
        var alternating = new RtpReceiveStatistics();
        for (var i = 0; i < 400; i++)
        {
            alternating.OnPacket((ushort)i, (uint)(i * 3000), (i * 3000) + (i % 2 == 0 ? 0 : 90), countJitter: true);
        }

        Assert.InRange(alternating.Jitter, 89.9, 90.0);
        Assert.InRange(alternating.NextReportBlock(1, 0, 0).Jitter, 89u, 90u);
    }

    [Fact]
    public void Statistics_AllocateNothing()
    {
        var statistics = new RtpReceiveStatistics();
        ushort sequence = 0;
        Assert.Equal(0, Allocations.Measure(() =>
        {
            statistics.OnPacket(sequence++, sequence * 3000u, sequence * 3000, countJitter: true);
            _ = statistics.NextReportBlock(1, 0, 0);
        }));
    }
}
