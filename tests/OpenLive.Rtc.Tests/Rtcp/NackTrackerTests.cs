using CsCheck;
using Microsoft.Extensions.Time.Testing;
using OpenLive.Rtc.Rtcp;
using OpenLive.Rtc.Tests.Rtp;
using OpenLive.Tests.Shared;

namespace OpenLive.Rtc.Tests.Rtcp;

public sealed class NackTrackerTests
{
    private readonly FakeTimeProvider _clock = new();
    private readonly long _start;

    public NackTrackerTests() => _start = _clock.GetTimestamp();

    private TimeSpan Now => _clock.GetElapsedTime(_start);

    [Fact]
    public void Gap_IsNacked_ThenRetriedAfterTheInterval_ThenRecovered()
    {
        var tracker = new NackTracker();
        Assert.Equal(NackRecordResult.InOrder, tracker.Record(1, Now));
        Assert.Equal(NackRecordResult.InOrder, tracker.Record(2, Now));
        Assert.Equal(NackRecordResult.GapDetected, tracker.Record(5, Now));
        Assert.Equal(2, tracker.MissingCount);
        Assert.Equal([(ushort)3, (ushort)4], Nack(tracker));
        Assert.Empty(Nack(tracker));

        _clock.Advance(TimeSpan.FromMilliseconds(99));
        Assert.Empty(Nack(tracker));
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal([(ushort)3, (ushort)4], Nack(tracker));

        Assert.Equal(NackRecordResult.Recovered, tracker.Record(3, Now));
        Assert.Equal(NackRecordResult.Duplicate, tracker.Record(3, Now));
        Assert.Equal(1, tracker.MissingCount);
        tracker.RetryInterval = TimeSpan.FromMilliseconds(30);
        _clock.Advance(TimeSpan.FromMilliseconds(30));
        Assert.Equal([(ushort)4], Nack(tracker));
    }

    [Fact]
    public void EachPacket_IsRequestedAtMostMaxRequestsTimes()
    {
        var tracker = new NackTracker(new NackTrackerOptions { MaxRequests = 3, MaxAge = TimeSpan.FromSeconds(10) });
        tracker.Record(10, Now);
        tracker.Record(12, Now);
        var requests = 0;
        for (var i = 0; i < 10; i++)
        {
            requests += Nack(tracker).Count;
            _clock.Advance(TimeSpan.FromMilliseconds(100));
        }

        Assert.Equal(3, requests);
        Assert.Equal(0, tracker.MissingCount);
    }

    [Fact]
    public void OldPackets_AreDroppedByAge()
    {
        var tracker = new NackTracker();
        tracker.Record(10, Now);
        tracker.Record(12, Now);
        _clock.Advance(TimeSpan.FromMilliseconds(1001));
        Assert.Empty(Nack(tracker));
        Assert.Equal(0, tracker.MissingCount);
    }

    [Fact]
    public void OldPackets_AreDroppedByDistance()
    {
        var tracker = new NackTracker();
        tracker.Record(10, Now);
        tracker.Record(12, Now);
        Assert.Equal(1, tracker.MissingCount);
        for (ushort s = 13; s <= 511; s++)
        {
            tracker.Record(s, Now);
        }

        Assert.Equal(1, tracker.MissingCount); // 11 is exactly 500 behind 511
        tracker.Record(512, Now);
        Assert.Equal(0, tracker.MissingCount);
        Assert.Equal(NackRecordResult.TooOld, tracker.Record(11, Now));
    }

    [Fact]
    public void Wrap_65535To0_IsJustTheNextNumber()
    {
        var tracker = new NackTracker();
        tracker.Record(65534, Now);
        Assert.Equal(NackRecordResult.InOrder, tracker.Record(65535, Now));
        Assert.Equal(NackRecordResult.GapDetected, tracker.Record(2, Now));
        Assert.Equal([(ushort)0, (ushort)1], Nack(tracker));
    }

    [Fact]
    public void HugeGap_ResetsTracking()
    {
        var tracker = new NackTracker();
        tracker.Record(1, Now);
        tracker.Record(3, Now);
        Assert.Equal(NackRecordResult.Reset, tracker.Record(3 + 600, Now));
        Assert.Equal(0, tracker.MissingCount);
        Assert.Empty(Nack(tracker));
        Assert.Equal(NackRecordResult.InOrder, tracker.Record(3 + 601, Now));
    }

    [Fact]
    public void FirstRequestDelay_LetsReorderedPacketsArrive()
    {
        var tracker = new NackTracker(new NackTrackerOptions { FirstRequestDelay = TimeSpan.FromMilliseconds(20) });
        tracker.Record(1, Now);
        tracker.Record(4, Now);
        _clock.Advance(TimeSpan.FromMilliseconds(10));
        Assert.Equal(NackRecordResult.Recovered, tracker.Record(2, Now));
        Assert.Empty(Nack(tracker));
        _clock.Advance(TimeSpan.FromMilliseconds(10));
        Assert.Equal([(ushort)3], Nack(tracker));
    }

    [Fact]
    public void SmallDestination_TakesWhatFits_AndLeavesTheRestDue()
    {
        var tracker = new NackTracker();
        tracker.Record(0, Now);
        for (var i = 1; i <= 10; i++)
        {
            tracker.Record((ushort)(i * 20), Now); // each gap is 19 apart: one FCI entry per loss run
        }

        var buffer = new byte[12 + (3 * 4)];
        Assert.True(tracker.TryWriteNack(buffer, 1, 2, Now, out var written));
        var first = Read(buffer[..written]);

        // Three PID/BLP entries of 17 numbers each, minus the received 20 and 40 they span: 1-17, 18-34, 35-51.
        Assert.Equal(3, GenericNackEntries(buffer[..written]));
        Assert.Equal(Enumerable.Range(1, 51).Where(i => i % 20 != 0).Select(i => (ushort)i), first);
        Assert.False(tracker.TryWriteNack(new byte[15], 1, 2, Now, out _));
        var rest = new byte[1000];
        Assert.True(tracker.TryWriteNack(rest, 1, 2, Now, out written));
        Assert.Empty(Read(rest[..written]).Intersect(first));
        Assert.Equal(190, first.Count + Read(rest[..written]).Count);
    }

    [Fact]
    public void AnyLossAndReordering_NacksExactlyTheMissingPackets() =>
        Gen.Select(Gen.UShort, Gen.Int[0, 9].Array[20, 400]).Sample((start, dice) =>
        {
            // dice: 0 = dropped, 1 = swapped with the next, otherwise in order. The last packet always arrives.
            var order = Enumerable.Range(0, dice.Length).ToList();
            for (var i = 0; i + 2 < order.Count; i++)
            {
                if (dice[i] == 1)
                {
                    (order[i], order[i + 1]) = (order[i + 1], order[i]);
                }
            }

            var droppedIndexes = Enumerable.Range(0, dice.Length - 1).Where(i => dice[i] == 0).ToHashSet();
            var firstArrival = order.First(i => !droppedIndexes.Contains(i));

            // Nothing before the first arrival can be known missing.
            var dropped = droppedIndexes.Where(i => i > firstArrival).Select(i => (ushort)(start + i)).ToHashSet();
            var tracker = new NackTracker();
            foreach (var index in order)
            {
                var sequence = (ushort)(start + index);
                if (!droppedIndexes.Contains(index))
                {
                    tracker.Record(sequence, Now);
                }
            }

            Assert.Equal(dropped.Count, tracker.MissingCount);
            Span<ushort> due = stackalloc ushort[1000];
            var count = tracker.CollectRequests(Now, due);
            Assert.True(dropped.SetEquals(due[..count].ToArray()));
        }, iter: 500);

    [Fact]
    public void RecordAndNack_AllocateNothing()
    {
        var tracker = new NackTracker();
        var buffer = new byte[1200];
        ushort sequence = 0;
        var allocated = AllocationMeter.LeastAllocated(() =>
        {
            for (var i = 0; i < 30; i++)
            {
                if (i % 7 != 3)
                {
                    tracker.Record(sequence, Now);
                }

                sequence++;
            }

            _clock.Advance(TimeSpan.FromMilliseconds(20));
            tracker.TryWriteNack(buffer, 1, 2, Now, out _);
        });
        Assert.Equal(0, allocated);
    }

    private List<ushort> Nack(NackTracker tracker)
    {
        var buffer = new byte[1200];
        return tracker.TryWriteNack(buffer, 0x11, 0x22, Now, out var written) ? Read(buffer[..written]) : [];
    }

    private static int GenericNackEntries(byte[] packet)
    {
        Assert.True(GenericNack.TryParse(RtcpTestPackets.Single(packet), out var nack));
        return nack.EntryCount;
    }

    private static List<ushort> Read(byte[] packet)
    {
        Assert.True(GenericNack.TryParse(RtcpTestPackets.Single(packet), out var nack));
        var list = new List<ushort>();
        foreach (var sequence in nack)
        {
            list.Add(sequence);
        }

        return list;
    }
}
