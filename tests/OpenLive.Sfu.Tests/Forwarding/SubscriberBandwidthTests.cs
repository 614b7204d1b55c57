using Microsoft.Extensions.Time.Testing;
using OpenLive.Rtc.Rtcp;
using OpenLive.Rtc.Sdp;
using OpenLive.Sfu.Forwarding;
using OpenLive.Sfu.Negotiation;
using OpenLive.Sfu.Tests.Support;

namespace OpenLive.Sfu.Tests.Forwarding;

/// <summary>A subscriber connection's transport-wide CC feedback drives its bandwidth estimate, and a wanted layer above the estimate is probed for.</summary>
public sealed class SubscriberBandwidthTests
{
    [Fact]
    public void FeedbackShowingAQueue_SetsTheEstimate_AndAWantedLayerAboveIt_IsProbedWithPaddingOnRtx()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        using var rig = new ForwardingRig(subscribers: 1, time: time);
        var subscriber = rig.Track.Subscribers[0].Subscriber;
        Assert.Equal(0, subscriber.AvailableBitrate);

        // 100 packets 10 ms apart, each reported 12 ms after the one before: a queue building on the way.
        var arrivals = new TimeSpan[100];
        for (var i = 0; i < arrivals.Length; i++)
        {
            rig.ForwardOne();
            time.Advance(TimeSpan.FromMilliseconds(10));
            arrivals[i] = TimeSpan.FromMilliseconds(1000 + (12 * i));
        }

        var feedback = new byte[1500];
        Assert.True(TransportCcWriter.TryWrite(feedback, 9, 0, 0, 0, arrivals, out var written, out var reported));
        Assert.Equal(arrivals.Length, reported);
        rig.SendRtcpFromSubscriber(0, feedback.AsSpan(0, written));

        Assert.True(subscriber.Bandwidth.HasFeedback);
        Assert.InRange(subscriber.AvailableBitrate, 1, 2_000_000);

        // A simulcast camera whose top layer needs more than the estimate.
        var spec = new IncomingTrackSpec("1", MediaKind.Video, TrackSource.Camera, new NegotiatedCodec(96, "VP8", 90000, null, null, 97),
            ["q", "h", "f"], null, null, ExtensionIds.Subscriber);
        var simulcast = new PublishedTrack("host", spec, rig.Publisher, new SfuOptions());
        subscriber.AddTrack(new ForwardedTrack(simulcast, subscriber, "1", 0x3000, 0x3001, 96, 97) { Active = true });
        time.Advance(TimeSpan.FromSeconds(2.5)); // Past the quiet time after the cut.
        rig.Socket.Record = true;
        for (var tick = 0; tick < 20; tick++)
        {
            Flow(simulcast, [150_000, 500_000, 5_000_000], time);
            subscriber.Tick(time.GetTimestamp());
            time.Advance(TimeSpan.FromMilliseconds(10));
        }

        Assert.Equal(1, subscriber.Bandwidth.ProbesStarted);
        Assert.True(subscriber.WantedBitrate >= 5_000_000);
        var padding = rig.Socket.Datagrams.Where(d => (d[0] & 0x20) != 0 && (d[1] & 0x7F) == 97).ToList();
        Assert.NotEmpty(padding);
        Assert.All(padding, d => Assert.Contains(System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(d.AsSpan(8)), new uint[] { 0x20000, 0x3001 }));
    }

    private static void Flow(PublishedTrack track, long[] bitrates, FakeTimeProvider time)
    {
        // A full one-second window at each layer's rate, ending now (flowing).
        var frequency = time.TimestampFrequency;
        var now = time.GetTimestamp();
        for (var layer = 0; layer < bitrates.Length; layer++)
        {
            var statistics = track.Layers[layer].Statistics;
            statistics.OnPacket(1, 0, 1, retransmission: false, now - (2 * frequency), frequency, 90000);
            statistics.OnPacket(2, 0, (int)(bitrates[layer] / 8), retransmission: false, now - frequency - 1, frequency, 90000);
            statistics.OnPacket(3, 0, 1, retransmission: false, now - frequency, frequency, 90000);
            statistics.OnPacket(4, 0, 1, retransmission: false, now - 1, frequency, 90000);
        }
    }
}
