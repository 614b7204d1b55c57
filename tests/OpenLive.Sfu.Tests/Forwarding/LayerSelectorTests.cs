using OpenLive.Rtc.Sdp;
using OpenLive.Sfu.Forwarding;
using OpenLive.Sfu.Negotiation;
using OpenLive.Sfu.Tests.Support;

namespace OpenLive.Sfu.Tests.Forwarding;

public sealed class LayerSelectorTests
{
    private const long Frequency = 1_000_000;

    [Fact]
    public void HighestFlowingLayer_ThatFitsTheBudget_CappedByTheRequest()
    {
        using var rig = new ForwardingRig(subscribers: 0);
        var track = SimulcastCamera(rig, "q", "h", "f");
        var now = 10 * Frequency;
        Flow(track.Layers[0], 150_000, now);
        Flow(track.Layers[1], 500_000, now);
        Flow(track.Layers[2], 1_500_000, now);
        var forwarded = new ForwardedTrack(track, rig.AddSubscriber().Subscriber, "0", 1, 2, 96, 97);

        LayerSelector.Select([forwarded], estimatedBitrate: 0, now, Frequency);
        Assert.Equal(2, forwarded.TargetLayer);

        LayerSelector.Select([forwarded], estimatedBitrate: 800_000, now, Frequency);
        Assert.Equal(1, forwarded.TargetLayer);

        LayerSelector.Select([forwarded], estimatedBitrate: 50_000, now, Frequency);
        Assert.Equal(0, forwarded.TargetLayer); // The lowest layer is always allowed.

        forwarded.RequestedLayer = 1;
        LayerSelector.Select([forwarded], estimatedBitrate: 0, now, Frequency);
        Assert.Equal(1, forwarded.TargetLayer);

        // The top layer stops (the publisher dropped it): no waiting on it.
        forwarded.RequestedLayer = -1;
        LayerSelector.Select([forwarded], estimatedBitrate: 0, now + (2 * Frequency), Frequency);
        Assert.Equal(1, forwarded.TargetLayer); // Nothing flows at all: the choice stays.
        Flow(track.Layers[0], 150_000, now + (2 * Frequency));
        LayerSelector.Select([forwarded], estimatedBitrate: 0, now + (2 * Frequency), Frequency);
        Assert.Equal(0, forwarded.TargetLayer);
    }

    [Fact]
    public void WhenEvenTheLowestLayerDoesNotFit_OnlyItsBaseTemporalLayerIsForwarded()
    {
        using var rig = new ForwardingRig(subscribers: 0);
        var track = SimulcastCamera(rig, "q", "f");
        var now = 10 * Frequency;
        Flow(track.Layers[0], 150_000, now);
        Flow(track.Layers[1], 1_500_000, now);
        var forwarded = new ForwardedTrack(track, rig.AddSubscriber().Subscriber, "0", 1, 2, 96, 97);
        Assert.Equal(Vp8Munger.AllTemporalLayers, forwarded.TargetTemporalLayer);

        LayerSelector.Select([forwarded], estimatedBitrate: 100_000, now, Frequency);
        Assert.Equal((0, 0), (forwarded.TargetLayer, forwarded.TargetTemporalLayer));

        LayerSelector.Select([forwarded], estimatedBitrate: 400_000, now, Frequency);
        Assert.Equal((0, Vp8Munger.AllTemporalLayers), (forwarded.TargetLayer, forwarded.TargetTemporalLayer));

        LayerSelector.Select([forwarded], estimatedBitrate: 0, now, Frequency); // No estimate: no limit.
        Assert.Equal((1, Vp8Munger.AllTemporalLayers), (forwarded.TargetLayer, forwarded.TargetTemporalLayer));
    }

    /// <summary>A VP8 camera track published with the simulcast layers <paramref name="rids"/>, lowest first.</summary>
    private static PublishedTrack SimulcastCamera(ForwardingRig rig, params string[] rids) =>
        new("p", new IncomingTrackSpec("1", MediaKind.Video, TrackSource.Camera, new NegotiatedCodec(96, "VP8", 90000, null, null, 97),
            rids, null, null, ExtensionIds.Subscriber), rig.Publisher, new SfuOptions());

    private static void Flow(IncomingStream stream, long bitrate, long now)
    {
        // One full one-second window at the given rate, then a packet just now (flowing).
        stream.Statistics.OnPacket(1, 0, 1, retransmission: false, now - (2 * Frequency), Frequency, 90000);
        stream.Statistics.OnPacket(2, 0, (int)(bitrate / 8), retransmission: false, now - Frequency - 1, Frequency, 90000);
        stream.Statistics.OnPacket(3, 0, 1, retransmission: false, now - Frequency, Frequency, 90000);
        stream.Statistics.OnPacket(4, 0, 1, retransmission: false, now - 1, Frequency, 90000);
    }

    [Fact]
    public void ATopLayerWhoseLastSecondDipped_IsJudgedByItsUsualRate_NotTakenUnderABudgetItWouldOverrun()
    {
        using var rig = new ForwardingRig(subscribers: 0);
        var track = SimulcastCamera(rig, "q", "h", "f");
        var now = 20 * Frequency;
        Flow(track.Layers[0], 150_000, now);
        Flow(track.Layers[1], 450_000, now);
        // The top layer: 1.5 Mbit/s for two seconds, then a second in which its encoder stalled (300 kbit/s).
        var top = track.Layers[2].Statistics;
        var start = now - (4 * Frequency);
        ushort sequence = 1;
        top.OnPacket(sequence++, 0, 1, retransmission: false, start, Frequency, 90000);
        foreach (var (second, bitrate) in new[] { (1, 1_500_000), (2, 1_500_000), (3, 300_000) })
        {
            // A window's bytes just before its end, and a 1-byte packet that closes it.
            top.OnPacket(sequence++, 0, bitrate / 8, retransmission: false, start + (second * Frequency) - 1, Frequency, 90000);
            top.OnPacket(sequence++, 0, 1, retransmission: false, start + (second * Frequency), Frequency, 90000);
        }

        top.OnPacket(sequence, 0, 1, retransmission: false, now - 1, Frequency, 90000);
        Assert.Equal(300_000, top.Bitrate, tolerance: 1_000);
        var forwarded = new ForwardedTrack(track, rig.AddSubscriber().Subscriber, "0", 1, 2, 96, 97);

        var wanted = LayerSelector.Select([forwarded], estimatedBitrate: 500_000, now, Frequency);

        Assert.Equal(1, forwarded.TargetLayer);
        Assert.Equal(1_500_000, wanted, tolerance: 10_000); // a probe would have to show room for its usual rate
    }

    [Fact]
    public void ATopLayerJustRestarted_IsNeverJudgedCheaperThanTheLayerBelowIt()
    {
        // The host's encoder brings its top layer back (a CPU limitation lifted) at a low start rate: 300 kbit/s at
        // 1280x720 for its first seconds, less than the middle layer's 450. Judged by that alone it would fit a 500-kbit/s
        // budget that the middle layer does not leave room for, be forwarded for a moment and then overrun the path.
        using var rig = new ForwardingRig(subscribers: 0);
        var track = SimulcastCamera(rig, "q", "h", "f");
        var now = 20 * Frequency;
        Flow(track.Layers[0], 150_000, now);
        Flow(track.Layers[1], 450_000, now);
        Flow(track.Layers[2], 300_000, now);
        var forwarded = new ForwardedTrack(track, rig.AddSubscriber().Subscriber, "0", 1, 2, 96, 97);

        LayerSelector.Select([forwarded], estimatedBitrate: 400_000, now, Frequency);
        Assert.Equal(0, forwarded.TargetLayer);

        LayerSelector.Select([forwarded], estimatedBitrate: 460_000, now, Frequency);
        Assert.Equal(2, forwarded.TargetLayer); // room for the middle layer's rate is room for the top layer's present one

        var wanted = LayerSelector.Select([forwarded], estimatedBitrate: 300_000, now, Frequency);
        Assert.Equal(0, forwarded.TargetLayer);
        Assert.Equal(450_000, wanted, tolerance: 10_000);
    }

    [Fact]
    public void HeavyLoss_StepsDownALayer_AndTenQuietSecondsStepBackUp()
    {
        using var rig = new ForwardingRig(subscribers: 0);
        var track = SimulcastCamera(rig, "q", "h", "f");
        var forwarded = new ForwardedTrack(track, rig.AddSubscriber().Subscriber, "0", 1, 2, 96, 97);
        var frequency = TimeProvider.System.TimestampFrequency;
        var now = 100 * frequency;

        forwarded.OnReceiverReport(fractionLost: 13, 10, now); // 5 %: tolerated
        Assert.Equal(int.MaxValue, forwarded.LossCap);
        forwarded.OnReceiverReport(fractionLost: 64, 50, now + frequency + 1); // 25 %
        Assert.Equal(1, forwarded.LossCap);
        forwarded.OnReceiverReport(fractionLost: 64, 90, now + frequency + 2); // within a second of the last step: hold
        Assert.Equal(1, forwarded.LossCap);
        forwarded.OnReceiverReport(fractionLost: 0, 90, now + (5 * frequency));
        Assert.Equal(1, forwarded.LossCap);
        forwarded.OnReceiverReport(fractionLost: 0, 90, now + (12 * frequency));
        Assert.Equal(int.MaxValue, forwarded.LossCap);
    }
}
