using OpenLive.Rtc.Rtcp;
using OpenLive.Rtc.Tests.Rtp;
using OpenLive.Tests.Shared;

namespace OpenLive.Rtc.Tests.Rtcp;

/// <summary>The receive statistics behind both endpoints' report blocks (RFC 3550 Appendix A.1, A.3, A.8).</summary>
public sealed class RtpReceiveStatisticsTests
{
    [Fact]
    public void CountLossAndFraction_PerReportInterval()
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
    public void ExtendTheHighestSequenceNumber_OverTheWrap()
    {
        var statistics = new RtpReceiveStatistics();
        Assert.Equal(0u, statistics.ExtendedHighestSequence);
        for (var i = 0; i < 20; i++)
        {
            statistics.OnPacket(unchecked((ushort)(65530 + i)), 0, 0, countJitter: false);
        }

        statistics.OnPacket(65535, 0, 0, countJitter: false);
        var block = statistics.NextReportBlock(1, 0, 0);
        Assert.Equal((1u << 16) | 13u, block.ExtendedHighestSequence);
        Assert.Equal(block.ExtendedHighestSequence, statistics.ExtendedHighestSequence);
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
    public void Jitter_StaysSmall_WhenTheTransitWrapsAround32Bits()
    {
        // RTP timestamps start at a random 32-bit value and wrap; so do arrival units. Here the sender's timestamps wrap
        // mid-stream while arrival keeps counting up, so transit = arrival - timestamp crosses 2^32. RFC 3550 A.8 takes
        // the difference in 32 bits: steady delivery is zero jitter, not a jump of ~2^32 units.
        var statistics = new RtpReceiveStatistics();
        const uint start = uint.MaxValue - (3000 * 10);
        for (var i = 0; i < 40; i++)
        {
            var timestamp = unchecked(start + (uint)(i * 3000));
            statistics.OnPacket((ushort)i, timestamp, 5_000_000L + (i * 3000), countJitter: true);
        }

        Assert.Equal(0, statistics.Jitter);

        // And the arrival side wrapping 32 bits (a long-running clock in RTP units) changes nothing either.
        var arrivalWrap = new RtpReceiveStatistics();
        const long arrivalStart = (1L << 32) - (3000 * 10);
        for (var i = 0; i < 40; i++)
        {
            arrivalWrap.OnPacket((ushort)i, (uint)(1000 + (i * 3000)), arrivalStart + (i * 3000) + (i % 2 == 0 ? 0 : 90), countJitter: true);
        }

        Assert.InRange(arrivalWrap.Jitter, 1, 90);
    }

    [Fact]
    public void Retransmissions_CountAsReceived_ButNotInJitter()
    {
        // Steady media, then a retransmission of packet 5 arriving 100 ms (9000 units) late: it repairs the loss
        // (received, so no cumulative loss) but its lateness is the repair's, not the network's jitter.
        var statistics = new RtpReceiveStatistics();
        for (var i = 0; i < 20; i++)
        {
            if (i != 5)
            {
                statistics.OnPacket((ushort)i, (uint)(i * 3000), i * 3000, countJitter: true);
            }
        }

        statistics.OnPacket(5, 5 * 3000, (20 * 3000) + 9000, countJitter: false);
        statistics.OnPacket(20, 20 * 3000, 20 * 3000, countJitter: true);

        Assert.Equal(0, statistics.Jitter);
        Assert.Equal(21, statistics.Received);
        Assert.Equal(0, statistics.CumulativeLost);
    }

    [Theory]
    [InlineData(0L, 1_000_000_000L, 90_000, 0L)]
    [InlineData(1_000_000_000L, 1_000_000_000L, 90_000, 90_000L)]
    [InlineData(1_500_000_000L, 1_000_000_000L, 48_000, 72_000L)]
    [InlineData(10_000_000L, 10_000_000L, 90_000, 90_000L)] // TimeSpan ticks
    public void ToRtpUnits_ScalesAClockToTheRtpRate(long timestamp, long frequency, int clockRate, long expected) =>
        Assert.Equal(expected, RtpReceiveStatistics.ToRtpUnits(timestamp, frequency, clockRate));

    [Fact]
    public void ToRtpUnits_DoesNotOverflow_ForANanosecondClockDaysAfterBoot()
    {
        // 30 days of a 1 GHz timestamp times 90 kHz is ~2.3e20: more than a long holds if multiplied first.
        var thirtyDays = 30L * 86_400 * 1_000_000_000;
        Assert.Equal(30L * 86_400 * 90_000, RtpReceiveStatistics.ToRtpUnits(thirtyDays, 1_000_000_000, 90_000));
    }

    [Fact]
    public void CountingAndReporting_AllocateNothing()
    {
        var statistics = new RtpReceiveStatistics();
        ushort sequence = 0;
        Assert.Equal(0, AllocationMeter.LeastAllocated(() =>
        {
            statistics.OnPacket(sequence++, sequence * 3000u, sequence * 3000, countJitter: true);
            _ = statistics.NextReportBlock(1, 0, 0);
        }));
    }
}
