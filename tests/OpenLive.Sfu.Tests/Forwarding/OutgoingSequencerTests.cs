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
}
