using OpenLive.Sfu.Forwarding;

namespace OpenLive.Sfu.Tests.Forwarding;

public sealed class OutgoingSequencerTests
{
    private const long Frequency = 1000; // Timestamps in milliseconds for readability.

    [Fact]
    public void FirstSource_PassesThrough_WithReorderingAndGaps()
    {
        var sequencer = new OutgoingSequencer();
        Assert.True(sequencer.TryMap(0, 100, 9000, 0, Frequency, 90000, canSwitch: true, out var seq, out var ts));
        Assert.Equal((100, 9000u), (seq, ts));
        Assert.True(sequencer.TryMap(0, 102, 9000, 0, Frequency, 90000, canSwitch: false, out seq, out _));
        Assert.Equal(102, seq);
        Assert.True(sequencer.TryMap(0, 101, 9000, 0, Frequency, 90000, canSwitch: false, out seq, out _));
        Assert.Equal(101, seq);
        Assert.Equal(102, sequencer.LastSequence);
    }

    [Fact]
    public void NewSource_WaitsForASwitchPoint_ThenContinuesTheNumbering()
    {
        var sequencer = new OutgoingSequencer();
        Assert.True(sequencer.TryMap(0, 65534, 1000, 0, Frequency, 90000, true, out _, out _));
        Assert.True(sequencer.TryMap(0, 65535, 1000, 0, Frequency, 90000, false, out _, out _));

        // Layer 1 packets are dropped until its keyframe.
        Assert.False(sequencer.TryMap(1, 500, 777_000, 10, Frequency, 90000, canSwitch: false, out _, out _));
        Assert.True(sequencer.TryMap(1, 501, 777_000, 40, Frequency, 90000, canSwitch: true, out var seq, out var ts));
        Assert.Equal(0, seq); // 65535 + 1 wraps.
        Assert.Equal(1000u + (40 * 90), ts); // 40 ms later at 90 kHz.

        // Old-layer packets are dropped now, and so are layer-1 packets from before the switch.
        Assert.False(sequencer.TryMap(0, 0, 1000, 41, Frequency, 90000, false, out _, out _));
        Assert.False(sequencer.TryMap(1, 499, 777_000, 41, Frequency, 90000, false, out _, out _));
        Assert.True(sequencer.TryMap(1, 502, 777_000, 41, Frequency, 90000, false, out seq, out _));
        Assert.Equal(1, seq);
    }

    [Fact]
    public void Resolve_FindsTheSourcePacketOfAnOutgoingNumber_AcrossASwitch()
    {
        var sequencer = new OutgoingSequencer();
        Assert.True(sequencer.TryMap(0, 10, 0, 0, Frequency, 90000, true, out var a, out _));
        Assert.True(sequencer.TryMap(2, 7000, 0, 5, Frequency, 90000, true, out var b, out _));
        Assert.True(sequencer.TryResolve(a, out var source, out var incoming));
        Assert.Equal((0, (ushort)10), (source, incoming));
        Assert.True(sequencer.TryResolve(b, out source, out incoming));
        Assert.Equal((2, (ushort)7000), (source, incoming));
        Assert.False(sequencer.TryResolve((ushort)(b + 5), out _, out _));
    }

    [Fact]
    public void DroppedNewestPackets_CloseUp_AndLatePacketsKeepTheNumbersOfTheirTime()
    {
        var sequencer = new OutgoingSequencer();
        Assert.True(sequencer.TryMap(0, 100, 0, 0, Frequency, 90000, true, out var seq, out _));
        Assert.Equal(100, seq);

        // 101 is late; 102 and 103 (one dropped picture) are dropped: 104 follows 101's number.
        sequencer.Drop(0, 102, gapIsDropped: false);
        sequencer.Drop(0, 103, gapIsDropped: false);
        Assert.True(sequencer.TryMap(0, 104, 0, 0, Frequency, 90000, false, out seq, out _));
        Assert.Equal(102, seq);
        Assert.True(sequencer.TryMap(0, 101, 0, 0, Frequency, 90000, false, out seq, out _));
        Assert.Equal(101, seq);

        // A late packet of the dropped picture changes nothing (it is dropped by its picture, and its number is gone).
        sequencer.Drop(0, 102, gapIsDropped: false);
        Assert.True(sequencer.TryMap(0, 105, 0, 0, Frequency, 90000, false, out seq, out _));
        Assert.Equal(103, seq);

        // A dropped picture whose middle was lost: 107 missing between dropped 106 and 108 is closed too.
        sequencer.Drop(0, 106, gapIsDropped: false);
        sequencer.Drop(0, 108, gapIsDropped: true);
        Assert.True(sequencer.TryMap(0, 109, 0, 0, Frequency, 90000, false, out seq, out _));
        Assert.Equal(104, seq);

        // Another source's packet never moves this run's numbering.
        sequencer.Drop(1, 110, gapIsDropped: false);
        Assert.True(sequencer.TryMap(0, 110, 0, 0, Frequency, 90000, false, out seq, out _));
        Assert.Equal(105, seq);
        Assert.True(sequencer.TryResolve(102, out var source, out var incoming));
        Assert.Equal((0, (ushort)104), (source, incoming));
    }

    [Fact]
    public void ALongRun_WithDrops_KeepsForwardingPastHalfTheSequenceSpace()
    {
        // 200,000 packets (three wraps of the 16-bit numbers), every tenth dropped: each one forwarded follows the last.
        var sequencer = new OutgoingSequencer();
        ushort incoming = 40_000;
        Assert.True(sequencer.TryMap(0, incoming, 0, 0, Frequency, 90000, true, out var last, out _));
        for (var i = 1; i < 200_000; i++)
        {
            incoming++;
            if (i % 10 == 0)
            {
                sequencer.Drop(0, incoming, gapIsDropped: false);
                continue;
            }

            Assert.True(sequencer.TryMap(0, incoming, 0, 0, Frequency, 90000, false, out var seq, out _), $"packet {i}");
            Assert.Equal((ushort)(last + 1), seq);
            last = seq;
        }

        // A packet reordered by a few places still gets the number of its time.
        Assert.True(sequencer.TryMap(0, (ushort)(incoming - 2), 0, 0, Frequency, 90000, false, out var late, out _));
        Assert.Equal((ushort)(last - 2), late);
    }
}
