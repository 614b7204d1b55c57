using Microsoft.Extensions.Time.Testing;
using OpenLive.Rtc.Rtcp;
using OpenLive.Sfu.Tests.Support;
using OpenLive.Tests.Shared;

namespace OpenLive.Sfu.Tests.Forwarding;

/// <summary>The feedback features the connections route to: NACKs answered from the publisher's history, reports, NACKs and PLIs to the publisher.</summary>
public sealed class FeedbackTests
{
    private static byte[] Nack(uint mediaSsrc, params ushort[] lost)
    {
        var buffer = new byte[256];
        Assert.True(GenericNack.TryWrite(buffer, 1, mediaSsrc, lost, out var written));
        return buffer[..written];
    }

    [Fact]
    public void ASubscribersNack_IsAnsweredAsRtx_FromThePublishersHistory_AndUnknownPacketsAreSkipped()
    {
        using var rig = new ForwardingRig(subscribers: 1);
        for (var i = 0; i < 50; i++)
        {
            rig.ForwardOne();
        }

        var track = rig.Track.Subscribers[0];
        var last = track.Sequencer.LastSequence;
        var sentBefore = rig.Socket.Sent;
        track.Subscriber.OnRtcp(track.Subscriber.Transport, Nack(track.Ssrc, last, (ushort)(last - 1), (ushort)(last + 100)));

        Assert.Equal(3, track.Nacks);
        Assert.Equal(2, track.Retransmitted);
        Assert.Equal(sentBefore + 2, rig.Socket.Sent);
    }

    [Fact]
    public void ProbePadding_OnAStreamNotLearnedYet_IsReportedReceived_InTheTransportCcFeedback()
    {
        // A sender's bandwidth probes are padding, some on streams the SFU cannot route. Reported lost, every probe failed and Chromium's estimate crawled up at 8 %/s: a
        // 1280x720 simulcast host sent its top layer only after ~20 s. Each packet of the transport is reported.
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        using var rig = new ForwardingRig(subscribers: 0, time: time);
        rig.Socket.Record = true;
        rig.SendProbePadding(0x1234, 96, 100);
        // Not routable, as a simulcast layer's RTX padding without its repaired RID is not.
        rig.SendProbePadding(0xABCD, 127, 101);
        rig.SendProbePadding(0xABCD, 127, 102);
        time.Advance(TimeSpan.FromMilliseconds(100));

        rig.Publisher.Tick(time.GetTimestamp());

        var reported = new List<(ushort Sequence, bool Received)>();
        foreach (var rtcp in rig.RtcpSentToPublisher())
        {
            var reader = new RtcpReader(rtcp);
            while (reader.TryRead(out var packet))
            {
                if (TransportCcFeedback.TryParse(packet, out var feedback))
                {
                    foreach (var entry in feedback)
                    {
                        reported.Add((entry.SequenceNumber, entry.Received));
                    }
                }
            }
        }

        Assert.Equal([(100, true), (101, true), (102, true)], reported);
        Assert.Equal(2, rig.Publisher.Unrouted);
    }

    [Fact]
    public void AnsweringANack_AllocatesNothing()
    {
        // A budget that never runs out and a clock stepped past the round trip before each NACK, so every answer
        // takes the whole path (dedupe check, budget, history, RTX write, SRTP, send).
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var options = new SfuOptions { RetransmitPacketsPerSecond = 100_000, RetransmitBytesPerSecond = 125_000_000 };
        using var rig = new ForwardingRig(subscribers: 1, options: options, time: time);
        for (var i = 0; i < 600; i++)
        {
            rig.ForwardOne();
        }

        var track = rig.Track.Subscribers[0];
        var nack = Nack(track.Ssrc, (ushort)(track.Sequencer.LastSequence - 5), (ushort)(track.Sequencer.LastSequence - 3));
        var work = new byte[nack.Length];
        void Answer()
        {
            time.Advance(TimeSpan.FromMilliseconds(150));
            nack.CopyTo(work, 0);
            track.Subscriber.OnRtcp(track.Subscriber.Transport, work);
        }

        Assert.Equal(0, AllocationMeter.LeastAllocated(Answer));
        Assert.Equal(2 * 3001, track.Retransmitted);
    }

    [Fact]
    public void AnsweringANack_WithoutRtx_AllocatesNothing()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var options = new SfuOptions { RetransmitPacketsPerSecond = 100_000, RetransmitBytesPerSecond = 125_000_000 };
        using var rig = new ForwardingRig(subscribers: 0, options: options, time: time);
        var track = rig.AddSubscriber(rtx: false);
        for (var i = 0; i < 600; i++)
        {
            rig.ForwardOne();
        }

        var nack = Nack(track.Ssrc, (ushort)(track.Sequencer.LastSequence - 5), (ushort)(track.Sequencer.LastSequence - 3));
        var work = new byte[nack.Length];
        void Answer()
        {
            time.Advance(TimeSpan.FromMilliseconds(150));
            nack.CopyTo(work, 0);
            track.Subscriber.OnRtcp(track.Subscriber.Transport, work);
        }

        Assert.Equal(0, AllocationMeter.LeastAllocated(Answer));
        Assert.Equal(2 * 3001, track.Retransmitted);
    }

    [Fact]
    public void TheConnectionsTicks_SendReportsAndFeedback_AndAllocateNothing()
    {
        using var rig = new ForwardingRig(subscribers: 2);
        for (var i = 0; i < 300; i++)
        {
            rig.ForwardOne();
        }

        // A receiver report to the publisher (its stream has packets); nothing else is due: no loss, no TWCC, no SR yet.
        var time = rig.Publisher.Transport.Time;
        var now = time.GetTimestamp();
        var sentBefore = rig.Socket.Sent;
        rig.Publisher.Tick(now);
        Assert.Equal(sentBefore + 1, rig.Socket.Sent);
        foreach (var subscriber in rig.Track.Subscribers)
        {
            subscriber.Subscriber.Tick(now);
        }

        Assert.Equal(sentBefore + 1, rig.Socket.Sent);

        var frequency = time.TimestampFrequency;
        var ticks = 0;
        void TickOnce()
        {
            var later = now + (++ticks * frequency / 50);
            rig.Publisher.Tick(later);
            rig.Track.Subscribers[0].Subscriber.Tick(later);
        }

        Assert.Equal(0, AllocationMeter.LeastAllocated(TickOnce, iterations: 200));
        Assert.Equal(601, ticks);
        Assert.Equal(sentBefore + 1 + 12, rig.Socket.Sent); // One report a second over the 12 seconds ticked.
    }

    [Fact]
    public void ALossTooWideToRepair_AsksThePublisherForAKeyframe_OnceAnInterval()
    {
        using var rig = new ForwardingRig(subscribers: 1);
        rig.ForwardOne();
        var stream = rig.Track.Layers[0];
        var time = rig.Publisher.Transport.Time;
        var now = time.GetTimestamp();
        rig.Publisher.RequestKeyframe(stream, now);
        var sent = rig.Socket.Sent;
        rig.Publisher.RequestKeyframe(stream, now + 1); // Within the interval: held back, sent by a later tick.
        Assert.Equal(sent, rig.Socket.Sent);
        rig.Publisher.Tick(now + (2 * time.TimestampFrequency));
        Assert.True(rig.Socket.Sent >= sent + 1);
    }
}
