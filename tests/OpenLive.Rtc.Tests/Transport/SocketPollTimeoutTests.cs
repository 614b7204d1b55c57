using OpenLive.Rtc.Transport;

namespace OpenLive.Rtc.Tests.Transport;

public sealed class SocketPollTimeoutTests
{
    [Theory]
    [InlineData(0, 0)]
    [InlineData(-5, 0)]
    [InlineData(1, 1000)] // 100 ns: a whole millisecond, never poll(0)
    [InlineData(9_999, 1000)]
    [InlineData(10_000, 1000)]
    [InlineData(10_001, 2000)]
    [InlineData(50_000, 5000)]
    public void WaitsRoundUpToWholeMilliseconds(long ticks, int microseconds) =>
        Assert.Equal(microseconds, SocketPollTimeout.Microseconds(TimeSpan.FromTicks(ticks)));
}
