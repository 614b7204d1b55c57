using OpenLive.Sfu.Tests.Support;
using OpenLive.Tests.Shared;

namespace OpenLive.Sfu.Tests.Forwarding;

public sealed class ForwardingPathTests
{
    [Fact]
    public void VideoPackets_ReachEverySubscriber_FromTheFirstKeyframe()
    {
        using var rig = new ForwardingRig(subscribers: 3);
        for (var i = 0; i < 300; i++)
        {
            rig.ForwardOne();
        }

        // Packet 0 is a keyframe start: every subscriber gets all 300 (the publisher link sends nothing back meanwhile).
        Assert.Equal(1, rig.Started);
        Assert.Equal(900, rig.Socket.Sent);
        foreach (var subscriber in rig.Track.Subscribers)
        {
            Assert.Equal(300, subscriber.Packets);
        }
    }

    [Fact]
    public void ASubscriberAddedMidStream_AsksForAKeyframe_AndStartsThere()
    {
        using var rig = new ForwardingRig(subscribers: 0);
        for (var i = 0; i < 150; i++)
        {
            rig.ForwardOne();
        }

        var late = rig.AddSubscriber();
        for (var i = 150; i < 250; i++)
        {
            rig.ForwardOne();
        }

        // 150..199 are deltas it cannot decode; the keyframe at 200 starts it: 50 packets, and it asked for a keyframe.
        Assert.Equal(50, late.Packets);
        Assert.True(late.KeyframeRequests > 0);
        Assert.True(late.Sequencer.TryResolve(late.Sequencer.LastSequence, out _, out var incoming));
        Assert.Equal(249, incoming);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ForwardingAPacket_AllocatesNothing(bool video)
    {
        using var rig = new ForwardingRig(subscribers: 4, payloadLength: video ? 1100 : 120, video: video);
        for (var i = 0; i < 500; i++)
        {
            rig.ForwardOne();
        }

        Assert.Equal(0, AllocationMeter.LeastAllocated(rig.ForwardOne, iterations: 2000));
        Assert.Equal(4 * (500 + 1 + (3 * 2000)), rig.Socket.Sent);
    }

    [Fact]
    public void ForwardingVp8WithTemporalLayers_RewritingAndDropping_AllocatesNothing()
    {
        // Full descriptors (picture id, TL0PICIDX, TID/Y): every packet is read and rewritten, TID 2 is dropped.
        using var rig = new ForwardingRig(subscribers: 4, payloadLength: 1100, vp8Layers: true);
        foreach (var track in rig.Track.Subscribers)
        {
            track.TargetTemporalLayer = 1;
        }

        for (var i = 0; i < 500; i++)
        {
            rig.ForwardOne();
        }

        Assert.Equal(0, AllocationMeter.LeastAllocated(rig.ForwardOne, iterations: 2000));
        var subscriber = rig.Track.Subscribers[0];
        Assert.True(subscriber.TemporalLayerDrops > 0);
        Assert.True(subscriber.Packets > 0);
        Assert.Equal(0, subscriber.UnreadableVp8Drops);
    }

    [Fact]
    public void ForwardingAPacket_ToSubscribersAndATap_AllocatesNothing()
    {
        using var rig = new ForwardingRig(subscribers: 2);
        var sink = new CountingTapSink();
        var tap = new TrackTap(_ => { }, "publisher", TrackSource.Camera, sink);
        rig.Track.AddTap(tap);
        tap.RequestKeyframe(); // A keyframe request rides on the next packet (the throttle lets it through once).
        for (var i = 0; i < 500; i++)
        {
            rig.ForwardOne();
        }

        Assert.Equal(0, AllocationMeter.LeastAllocated(rig.ForwardOne, iterations: 2000));
        Assert.Equal(500 + 1 + (3 * 2000), sink.Packets);
    }

    private sealed class CountingTapSink : ITrackTapSink
    {
        public int Packets { get; private set; }

        public void OnTrackAttached(TappedTrack track)
        {
        }

        public void OnRtp(ReadOnlySpan<byte> packet) => Packets++;

        public void OnSenderReport(ulong ntpTimestamp, uint rtpTimestamp)
        {
        }

        public void OnTrackDetached()
        {
        }

        public void OnClosed()
        {
        }
    }
}
