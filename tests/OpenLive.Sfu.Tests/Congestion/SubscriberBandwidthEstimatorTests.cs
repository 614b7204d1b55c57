using OpenLive.Rtc.Rtcp;
using OpenLive.Sfu.Congestion;

namespace OpenLive.Sfu.Tests.Congestion;

/// <summary>The subscriber-side estimate against a simulated bottleneck: no limit on a wide path, the cap found under a narrow one, the top layer back soon after the cap lifts.</summary>
public sealed class SubscriberBandwidthEstimatorTests
{
    [Fact]
    public void OnAWidePath_NoLimitIsSet_AndNothingIsProbed()
    {
        var link = new SimulatedLink { Capacity = 20_000_000 };

        link.Run(TimeSpan.FromSeconds(5));

        Assert.True(link.Estimator.HasFeedback);
        Assert.Equal(0, link.Estimator.Estimate);
        Assert.Equal(0, link.Estimator.ProbesStarted);
        Assert.Equal(SimulatedLink.TopLayer, link.Forwarded);
    }

    [Fact]
    public void UnderACap_TheEstimateFindsIt_AndFailedProbesDoNotRaiseItPastTheCap()
    {
        var link = new SimulatedLink { Capacity = 1_000_000 };

        link.Run(TimeSpan.FromSeconds(2));
        Assert.InRange(link.Estimator.Estimate, AimdRateControlMin, 1_000_000);
        Assert.Equal(SimulatedLink.MiddleLayer, link.Forwarded);

        link.Run(TimeSpan.FromSeconds(15));
        Assert.True(link.Estimator.ProbesStarted >= 2, $"{link.Estimator.ProbesStarted} probes");
        Assert.Equal(0, link.Estimator.ProbesSucceeded);
        Assert.InRange(link.Estimator.Estimate, SimulatedLink.MiddleLayer, 1_300_000);
        Assert.Equal(SimulatedLink.MiddleLayer, link.Forwarded);
    }

    [Fact]
    public void WhenTheCapLifts_AProbeFindsTheRoom_AndTheTopLayerComesBack()
    {
        var link = new SimulatedLink { Capacity = 1_000_000 };
        link.Run(TimeSpan.FromSeconds(6));
        Assert.Equal(SimulatedLink.MiddleLayer, link.Forwarded);

        link.Capacity = 20_000_000;
        var lifted = link.Now;
        while (link.Forwarded != SimulatedLink.TopLayer && link.Now - lifted < 10_000_000)
        {
            link.Run(TimeSpan.FromMilliseconds(100));
        }

        Assert.Equal(SimulatedLink.TopLayer, link.Forwarded);
        Assert.True(link.Estimator.ProbesSucceeded >= 1);
    }

    [Fact]
    public void UnderAShaperWithABigBurst_AProbeFooledByTheBucket_BacksProbingOff_InsteadOfFlappingTheLayer()
    {
        // A token bucket holding two seconds of the cap lets a whole probe through at line rate; the top layer it lets in
        // then overloads the path. Without the backoff the layer went up and down every few seconds.
        var link = new SimulatedLink { Capacity = 1_000_000, BurstBytes = 250_000 };
        link.Run(TimeSpan.FromSeconds(4));
        var upgrades = 0;
        var atTop = 0;
        var previous = link.Forwarded;
        for (var step = 0; step < 600; step++)
        {
            link.Run(TimeSpan.FromMilliseconds(100));
            upgrades += link.Forwarded == SimulatedLink.TopLayer && previous != SimulatedLink.TopLayer ? 1 : 0;
            atTop += link.Forwarded == SimulatedLink.TopLayer ? 1 : 0;
            previous = link.Forwarded;
        }

        Assert.True(link.Estimator.FooledProbes >= 1, "the bucket fooled a probe (the case under test)");
        Assert.InRange(upgrades, 1, 5); // 60 s: backoff 8, 16, 16, 16 s after each fooled probe.
        Assert.True(atTop < 60, $"{atTop} of 600 steps at the top layer");
    }

    [Theory]
    [InlineData(200_000, 1_000_000)]
    [InlineData(400_000, 1_000_000)]
    [InlineData(300_000, 700_000)]
    public void UnderACap_AReceiverStarvedOfCpu_WhoseArrivalsComeBunched_DoesNotFoolAProbe(long stall, long every)
    {
        // A stall that ends inside a probe's measured part stamps its packets together: the arrival span shrinks and the
        // receive rate looks far above what was sent. A path cannot deliver faster than it was fed; such a probe says
        // nothing, and the top layer must not flap in.
        var link = new SimulatedLink { Capacity = 1_000_000, StallMicroseconds = stall, StallEveryMicroseconds = every };
        link.Run(TimeSpan.FromSeconds(4));
        for (var step = 0; step < 300; step++)
        {
            link.Run(TimeSpan.FromMilliseconds(100));
            Assert.True(link.Forwarded != SimulatedLink.TopLayer, $"the top layer at step {step}; {link.Estimator.ProbesStarted} probes, {link.Estimator.ProbesSucceeded} succeeded");
        }

        Assert.True(link.Estimator.ProbesStarted >= 3, $"{link.Estimator.ProbesStarted} probes");
    }

    [Fact]
    public void UnderAShaperWithAnOrdinaryBurst_NoProbeIsFooled_AndTheTopLayerStaysOff()
    {
        // A bucket of 100 ms of the cap drains within the probe's unmeasured first 200 ms.
        var link = new SimulatedLink { Capacity = 1_000_000, BurstBytes = 12_500 };
        link.Run(TimeSpan.FromSeconds(4));
        for (var step = 0; step < 300; step++)
        {
            link.Run(TimeSpan.FromMilliseconds(100));
            Assert.NotEqual(SimulatedLink.TopLayer, link.Forwarded);
        }

        Assert.True(link.Estimator.ProbesStarted >= 3, $"{link.Estimator.ProbesStarted} probes");
        Assert.Equal(0, link.Estimator.FooledProbes);
    }

    [Fact]
    public void FeedbackWhoseClockStepsBack_FeedbackAfterFeedback_IsDistrusted_AndTheLimitForgotten()
    {
        // werift 0.23's feedback: each one's arrivals rebased on a reference time truncated to 64 ms, so a later packet
        // often "arrives" tens of milliseconds before the previous feedback's last one.
        var estimator = new SubscriberBandwidthEstimator(1_000_000);
        var buffer = new byte[1500];
        ushort sequence = 0;
        var now = 1_000_000L;
        for (var feedback = 0; feedback < 20; feedback++)
        {
            var arrivals = new TimeSpan[10];
            for (var i = 0; i < arrivals.Length; i++)
            {
                estimator.OnSent((ushort)(sequence + i), 1200, now + (i * 10_000));
                // Each feedback starts 40 ms before where the last one ended; within one, a growing queue.
                arrivals[i] = TimeSpan.FromMilliseconds((feedback * 100) - 40 + (i * 14));
            }

            Assert.True(TransportCcWriter.TryWrite(buffer, 1, 2, sequence, (byte)feedback, arrivals, out var written, out _));
            var reader = new OpenLive.Rtc.Rtcp.RtcpReader(buffer.AsSpan(0, written));
            Assert.True(reader.TryRead(out var packet));
            Assert.True(TransportCcFeedback.TryParse(packet, out var parsed));
            estimator.OnFeedback(parsed, now + 100_000);
            sequence += 10;
            now += 100_000;
        }

        Assert.True(estimator.Distrusted);
        Assert.False(estimator.HasFeedback); // Receiver-report loss steers its layers again.
        Assert.Equal(0, estimator.Estimate);
    }

    [Fact]
    public void AFeedbackNamingMorePacketsThanAreRemembered_IsIgnored()
    {
        var estimator = new SubscriberBandwidthEstimator(1_000_000);
        var arrivals = new TimeSpan[SentPacketLog.Capacity + 1];
        arrivals.AsSpan().Fill(TransportCcWriter.NotReceived);
        arrivals[^1] = TimeSpan.FromMilliseconds(5);
        var buffer = new byte[1500];
        Assert.True(TransportCcWriter.TryWrite(buffer, 1, 2, 0, 0, arrivals, out var written, out var reported));
        Assert.Equal(arrivals.Length, reported); // One run-length chunk and a delta: a few bytes.
        var reader = new RtcpReader(buffer.AsSpan(0, written));
        Assert.True(reader.TryRead(out var packet));
        Assert.True(TransportCcFeedback.TryParse(packet, out var feedback));

        estimator.OnFeedback(feedback, 1_000_000);

        Assert.False(estimator.HasFeedback);
    }

    [Fact]
    public void SendingFeedbackAndTicking_AllocateNothing()
    {
        var link = new SimulatedLink { Capacity = 1_000_000 };
        link.Run(TimeSpan.FromSeconds(3));
        var estimator = new SubscriberBandwidthEstimator(1_000_000);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            estimator.OnSent((ushort)i, 1200, 1_000_000 + (i * 1000));
            _ = estimator.Tick(2_500_000, 1_000_000 + (i * 1000));
        }

        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }

    private const long AimdRateControlMin = AimdRateControl.MinBitrate;
}
