using OpenLive.Sfu.Congestion;

namespace OpenLive.Sfu.Tests.Congestion;

public sealed class AckedBitrateTests
{
    [Fact]
    public void TheRate_IsTheLastHalfSecondOfArrivals()
    {
        var acked = new AckedBitrate();
        Assert.Equal(0, acked.BitsPerSecond);
        for (var t = 0L; t < 2_000_000; t += 1_000)
        {
            acked.Add(t + 7_000_000, t < 1_000_000 ? 250 : 125); // 2 Mbit/s for a second, then 1 Mbit/s.
        }

        Assert.InRange(acked.BitsPerSecond, 950_000, 1_050_000);
    }

    [Fact]
    public void ArrivalsOlderThanTheWindow_AndNegativeTimes_AreHandled()
    {
        var acked = new AckedBitrate();
        for (var t = -1_000_000L; t < 0; t += 1_000)
        {
            acked.Add(t, 125);
        }

        acked.Add(-5_000_000, 1_000_000); // Far too old: ignored.
        Assert.InRange(acked.BitsPerSecond, 950_000, 1_050_000);
    }
}
