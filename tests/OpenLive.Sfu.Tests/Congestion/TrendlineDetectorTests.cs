using OpenLive.Sfu.Congestion;

namespace OpenLive.Sfu.Tests.Congestion;

public sealed class TrendlineDetectorTests
{
    [Fact]
    public void ASteadyPath_WithJitter_IsNormal()
    {
        var detector = new TrendlineDetector();
        var arrival = 0L;
        for (var i = 0; i < 200; i++)
        {
            var jitter = i % 2 == 0 ? 1_500 : -1_500;
            arrival += 10_000 + jitter;
            Assert.NotEqual(BandwidthUsage.Overusing, detector.Update(10_000, 10_000 + jitter, arrival));
        }

        Assert.Equal(BandwidthUsage.Normal, detector.Usage);
    }

    [Fact]
    public void AGrowingQueue_IsOverusing_AndADrainingOne_Underusing()
    {
        var detector = new TrendlineDetector();
        var arrival = 0L;
        var sawOveruse = false;
        for (var i = 0; i < 40; i++)
        {
            arrival += 12_000; // Each 10 ms group arrives 2 ms later than the one before: a queue building.
            sawOveruse |= detector.Update(10_000, 12_000, arrival) == BandwidthUsage.Overusing;
        }

        Assert.True(sawOveruse);
        for (var i = 0; i < 40; i++)
        {
            arrival += 6_000;
            detector.Update(10_000, 6_000, arrival);
        }

        Assert.Equal(BandwidthUsage.Underusing, detector.Usage);
    }
}
