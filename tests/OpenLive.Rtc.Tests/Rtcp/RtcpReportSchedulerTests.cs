using OpenLive.Rtc.Rtcp;
using OpenLive.Rtc.Tests.Rtp;
using OpenLive.Tests.Shared;

namespace OpenLive.Rtc.Tests.Rtcp;

public sealed class RtcpReportSchedulerTests
{
    [Fact]
    public void AFixedSchedule_IsDueFirstThenEveryInterval_FromWhenItWasTaken()
    {
        var schedule = new RtcpReportScheduler(TimeSpan.FromMilliseconds(20));
        Assert.True(schedule.TryTakeDue(TimeSpan.FromMilliseconds(3)));
        Assert.False(schedule.TryTakeDue(TimeSpan.FromMilliseconds(22)));
        Assert.True(schedule.TryTakeDue(TimeSpan.FromMilliseconds(23)));
        Assert.Equal(TimeSpan.FromMilliseconds(43), schedule.NextDue);

        // A late tick starts the next period from itself: no burst of catch-up rounds.
        Assert.True(schedule.TryTakeDue(TimeSpan.FromMilliseconds(100)));
        Assert.False(schedule.TryTakeDue(TimeSpan.FromMilliseconds(119)));
    }

    [Fact]
    public void ARandomizedSchedule_StaysWithinItsBounds()
    {
        // RFC 3550 §6.3.5: intervals varied so peers started together drift apart.
        var schedule = new RtcpReportScheduler(TimeSpan.FromSeconds(1), randomization: 0.2);
        var now = TimeSpan.Zero;
        var periods = new HashSet<TimeSpan>();
        for (var i = 0; i < 200; i++)
        {
            Assert.True(schedule.TryTakeDue(now));
            var period = schedule.NextDue - now;
            Assert.InRange(period, TimeSpan.FromMilliseconds(800), TimeSpan.FromMilliseconds(1200));
            periods.Add(period);
            now = schedule.NextDue;
        }

        Assert.True(periods.Count > 10);
    }

    [Fact]
    public void UnusableSettings_AreRefused_AndTakingAllocatesNothing()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RtcpReportScheduler(TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RtcpReportScheduler(TimeSpan.FromSeconds(1), 0.6));
        var schedule = new RtcpReportScheduler(TimeSpan.FromTicks(1), 0.5);
        var now = TimeSpan.Zero;
        Assert.Equal(0, AllocationMeter.LeastAllocated(() =>
        {
            now += TimeSpan.FromTicks(2);
            schedule.TryTakeDue(now);
        }));
    }
}
