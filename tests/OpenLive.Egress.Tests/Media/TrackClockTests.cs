using Microsoft.Extensions.Time.Testing;
using OpenLive.Egress.Media;

namespace OpenLive.Egress.Tests.Media;

/// <summary>The one placement rule both writers use: a sender report's mapping, else the first frame's arrival.</summary>
public sealed class TrackClockTests
{
    private static readonly DateTimeOffset Wall = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void AMapping_PlacesTheFirstFrameByTheSenderReport_NotByItsArrival()
    {
        var time = new FakeTimeProvider(Wall.AddHours(1));
        // The report: RTP 90,000 at Wall; the first frame is 45,000 ticks (0.5 s) later.
        var clock = TrackClock.Anchor(135_000, 90_000, new TrackClockMapping(90_000, Wall), time);
        Assert.Equal(Wall.AddMilliseconds(500).UtcTicks, clock.TicksOf(135_000));
        Assert.Equal(Wall.AddSeconds(1.5).UtcTicks, clock.TicksOf(225_000));
    }

    [Fact]
    public void AMappingAcrossThe32BitWrap_IsPlacedNextToTheFirstFrame()
    {
        // The first frame's unwrapped timestamp is just past 2^32; the report's 32-bit one is just before the wrap.
        var first = (1L << 32) + 1_000;
        var clock = TrackClock.Anchor(first, 48_000, new TrackClockMapping(uint.MaxValue - 47_999 + 1_000, Wall), new FakeTimeProvider(Wall));
        Assert.Equal(Wall.AddSeconds(1).UtcTicks, clock.TicksOf(first));
    }

    [Fact]
    public void WithoutAMapping_TheFirstFrameIsPlacedAtItsArrival()
    {
        var time = new FakeTimeProvider(Wall);
        time.Advance(TimeSpan.FromMilliseconds(250));
        var clock = TrackClock.Anchor(7_777, 48_000, null, time);
        Assert.Equal(Wall.AddMilliseconds(250).UtcTicks, clock.TicksOf(7_777));
        Assert.Equal(Wall.AddMilliseconds(1250).UtcTicks, clock.TicksOf(7_777 + 48_000));
    }

    [Fact]
    public void BothWriters_AreRecordingWriters_WithTheirTracksInOrder()
    {
        var vp8 = new EgressTrack(EgressCodec.Vp8, 90_000, 0);
        var h264 = new EgressTrack(EgressCodec.H264, 90_000, 0);
        var opus = new EgressTrack(EgressCodec.Opus, 48_000, 2);
        using var webm = new OpenLive.Egress.WebM.WebMWriter(Stream.Null, [vp8, opus]);
        using var mp4 = new OpenLive.Egress.Mp4.FragmentedMp4Writer(Stream.Null, h264, opus);
        HasTracks(webm, vp8, opus);
        HasTracks(mp4, h264, opus);
    }

    private static void HasTracks(IRecordingWriter writer, params EgressTrack[] tracks)
    {
        Assert.Equal(tracks, writer.Tracks);
        Assert.NotSame(writer.SinkFor(0), writer.SinkFor(1));
        Assert.Null(writer.Failure);
    }
}
