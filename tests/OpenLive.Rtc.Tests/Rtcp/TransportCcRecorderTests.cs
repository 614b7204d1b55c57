using CsCheck;
using OpenLive.Rtc.Rtcp;
using OpenLive.Rtc.Tests.Rtp;
using OpenLive.Tests.Shared;

namespace OpenLive.Rtc.Tests.Rtcp;

public sealed class TransportCcRecorderTests
{
    private static readonly TimeSpan Base = TimeSpan.FromSeconds(50);

    [Fact]
    public void InOrderPackets_AreReportedOnce()
    {
        var recorder = new TransportCcRecorder(0xABCD);
        Assert.False(recorder.HasPendingFeedback);
        for (var i = 0; i < 10; i++)
        {
            recorder.Record((ushort)(100 + i), Base + TimeSpan.FromMilliseconds(i * 5));
        }

        var packets = Feedback(recorder, out var feedback);
        Assert.Equal((ushort)100, feedback.BaseSequenceNumber);
        Assert.Equal(0xABCDu, feedback.SenderSsrc);
        Assert.Equal(10, packets.Count);
        Assert.All(packets, p => Assert.True(p.Received));
        Assert.Equal(Base + TimeSpan.FromMilliseconds(45), packets[^1].ArrivalTime);
        Assert.False(recorder.HasPendingFeedback);
        Assert.False(recorder.TryWriteFeedback(new byte[1200], 1, out _));
    }

    [Fact]
    public void SequenceWrap_IsOneContinuousRange()
    {
        var recorder = new TransportCcRecorder(1);
        for (var i = 0; i < 12; i++)
        {
            recorder.Record((ushort)(65530 + i), Base + TimeSpan.FromMilliseconds(i));
        }

        var packets = Feedback(recorder, out var feedback);
        Assert.Equal((ushort)65530, feedback.BaseSequenceNumber);
        Assert.Equal(12, feedback.PacketStatusCount);
        Assert.Equal((ushort)5, packets[^1].SequenceNumber);
    }

    [Fact]
    public void Reordering_FillsHoles_UntilReported_AndLateArrivalsAfterThatAreIgnored()
    {
        var recorder = new TransportCcRecorder(1);
        recorder.Record(1, Base);
        recorder.Record(3, Base + TimeSpan.FromMilliseconds(2));
        recorder.Record(2, Base + TimeSpan.FromMilliseconds(3));
        recorder.Record(5, Base + TimeSpan.FromMilliseconds(4));
        recorder.Record(5, Base + TimeSpan.FromMilliseconds(9)); // duplicate keeps the first arrival
        var first = Feedback(recorder, out _);
        Assert.Equal([true, true, true, false, true], first.Select(p => p.Received).ToArray());
        Assert.Equal(Base + TimeSpan.FromMilliseconds(3), first[1].ArrivalTime);
        Assert.Equal(Base + TimeSpan.FromMilliseconds(4), first[4].ArrivalTime);

        recorder.Record(4, Base + TimeSpan.FromMilliseconds(10)); // already reported as lost
        Assert.False(recorder.HasPendingFeedback);
        recorder.Record(6, Base + TimeSpan.FromMilliseconds(11));
        var second = Feedback(recorder, out var feedback);
        Assert.Equal((ushort)6, feedback.BaseSequenceNumber);
        Assert.Single(second);
        Assert.Equal(1, feedback.FeedbackPacketCount);
    }

    [Fact]
    public void GapsBeyondTheCapacity_DropTheOldestUnreported()
    {
        var recorder = new TransportCcRecorder(1, capacity: 64);
        recorder.Record(0, Base);
        recorder.Record(1000, Base + TimeSpan.FromMilliseconds(1));
        var packets = Feedback(recorder, out var feedback);
        Assert.Equal(64, feedback.PacketStatusCount);
        Assert.Equal((ushort)(1000 - 63), feedback.BaseSequenceNumber);
        Assert.Single(packets, p => p.Received);
    }

    [Fact]
    public void ManyPackets_SpreadOverSeveralFeedbacks()
    {
        var recorder = new TransportCcRecorder(1);
        for (var i = 0; i < 3000; i++)
        {
            if (i % 11 != 3)
            {
                recorder.Record((ushort)i, Base + TimeSpan.FromMicroseconds(i * 1700));
            }
        }

        var buffer = new byte[300];
        var seen = new List<TransportCcPacket>();
        var feedbacks = 0;
        while (recorder.TryWriteFeedback(buffer, 2, out var written))
        {
            Assert.InRange(written, 24, 300);
            feedbacks++;
            seen.AddRange(TransportCcTests.Read(buffer[..written], out _));
        }

        Assert.True(feedbacks > 1);
        Assert.Equal(Enumerable.Range(0, 3000).Select(i => (ushort)i), seen.Select(p => p.SequenceNumber));
        Assert.Equal(Enumerable.Range(0, 3000).Select(i => i % 11 != 3), seen.Select(p => p.Received));
    }

    [Fact]
    public void AnyArrivalOrder_ReportsEachSequenceNumberOnce() =>
        Gen.Select(Gen.UShort, Gen.Int[0, 3].Array[10, 300], Gen.Int[1, 40]).Sample((start, swaps, flushEvery) =>
        {
            // Sequence numbers from start on, adjacent ones swapped and some skipped, feedback flushed now and then.
            var order = Enumerable.Range(0, swaps.Length).ToArray();
            for (var i = 0; i + 1 < order.Length; i += 2)
            {
                if (swaps[i] == 1)
                {
                    (order[i], order[i + 1]) = (order[i + 1], order[i]);
                }
            }

            var recorder = new TransportCcRecorder(1, capacity: 1024);
            var reported = new List<ushort>();
            var buffer = new byte[1500];
            for (var i = 0; i < order.Length; i++)
            {
                if (swaps[order[i]] != 3)
                {
                    recorder.Record((ushort)(start + order[i]), Base + TimeSpan.FromMilliseconds(i));
                }

                if (i % flushEvery == 0)
                {
                    Flush(recorder, buffer, reported);
                }
            }

            Flush(recorder, buffer, reported);
            Assert.Equal(reported.Distinct().Count(), reported.Count);
            for (var i = 1; i < reported.Count; i++)
            {
                Assert.Equal((ushort)(reported[i - 1] + 1), reported[i]);
            }
        }, iter: 300);

    [Fact]
    public void RecordAndFeedback_AllocateNothing()
    {
        var recorder = new TransportCcRecorder(1);
        var buffer = new byte[1200];
        ushort sequence = 0;
        var time = Base;
        var allocated = AllocationMeter.LeastAllocated(() =>
        {
            for (var i = 0; i < 20; i++)
            {
                time += TimeSpan.FromMilliseconds(1);
                if (i != 7)
                {
                    recorder.Record(sequence, time);
                }

                sequence++;
            }

            while (recorder.TryWriteFeedback(buffer, 5, out _))
            {
            }
        });
        Assert.Equal(0, allocated);
    }

    private static void Flush(TransportCcRecorder recorder, byte[] buffer, List<ushort> reported)
    {
        while (recorder.TryWriteFeedback(buffer, 1, out var written))
        {
            reported.AddRange(TransportCcTests.Read(buffer[..written], out _).Select(p => p.SequenceNumber));
        }
    }

    private static List<TransportCcPacket> Feedback(TransportCcRecorder recorder, out TransportCcFeedbackValues values)
    {
        var buffer = new byte[1200];
        Assert.True(recorder.TryWriteFeedback(buffer, 0x77, out var written));
        return TransportCcTests.Read(buffer[..written], out values);
    }
}
