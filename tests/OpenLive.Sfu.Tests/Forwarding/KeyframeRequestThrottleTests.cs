using OpenLive.Sfu.Forwarding;

namespace OpenLive.Sfu.Tests.Forwarding;

public sealed class KeyframeRequestThrottleTests
{
    [Fact]
    public void AtMostOnePerInterval_AndAHeldRequestIsSentWhenDue()
    {
        var throttle = new KeyframeRequestThrottle();
        Assert.True(throttle.Request(now: 1000, interval: 1000));
        Assert.False(throttle.Request(now: 1200, interval: 1000));
        Assert.False(throttle.Request(now: 1900, interval: 1000));
        Assert.False(throttle.TakeDue(now: 1999, interval: 1000));
        Assert.True(throttle.TakeDue(now: 2000, interval: 1000));
        Assert.False(throttle.TakeDue(now: 3500, interval: 1000)); // Nothing pending any more.
        Assert.True(throttle.Request(now: 3500, interval: 1000));
    }
}
