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

    [Fact]
    public void OnceAKeyframeAnsweredTheLastRequest_TheNextMayGoAQuarterIntervalAfterIt()
    {
        var throttle = new KeyframeRequestThrottle();
        throttle.KeyframeArrived(); // an unrequested keyframe before any request changes nothing
        Assert.True(throttle.Request(now: 1000, interval: 1000));
        Assert.False(throttle.Request(now: 1100, interval: 1000)); // unanswered: the whole interval
        throttle.KeyframeArrived();
        Assert.False(throttle.TakeDue(now: 1249, interval: 1000));
        Assert.True(throttle.TakeDue(now: 1250, interval: 1000)); // answered: a quarter interval
        Assert.False(throttle.Request(now: 1600, interval: 1000)); // this one is unanswered again
        Assert.False(throttle.TakeDue(now: 2249, interval: 1000));
        Assert.True(throttle.TakeDue(now: 2250, interval: 1000));
    }
}
