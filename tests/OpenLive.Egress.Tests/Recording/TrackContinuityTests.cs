using Microsoft.Extensions.Time.Testing;
using OpenLive.Egress.Media;
using OpenLive.Egress.Recording;

namespace OpenLive.Egress.Tests.Recording;

public sealed class TrackContinuityTests
{
    private sealed class Timestamps : IMediaFrameSink
    {
        public List<long> Seen { get; } = [];

        public void OnFrame(in MediaFrame frame) => Seen.Add(frame.Timestamp);
    }

    [Fact]
    public void ANewSegment_HandledInTheSameWorkerPass_StillStartsAWholeFrameLater_SoMillisecondContainersStayIncreasing()
    {
        // The worker drains the old segment's last frame and the new segment's first one together: no time passes on
        // its clock. Before the minimum gap the new frame came one tick (1/90 ms) later, the same millisecond in WebM,
        // and ffmpeg rejected the file's DTS as non-increasing (seen once in a full run).
        var clock = new FakeTimeProvider();
        var seen = new Timestamps();
        var continuity = new TrackContinuity(seen, 90_000, clock);
        continuity.OnFrame(new MediaFrame(new byte[1], 1_000, IsKeyframe: true));
        continuity.OnFrame(new MediaFrame(new byte[1], 4_000, IsKeyframe: false));

        continuity.BeginSegment();
        continuity.OnFrame(new MediaFrame(new byte[1], 777_777, IsKeyframe: true));

        Assert.Equal(3, seen.Seen.Count);
        var gapMs = (seen.Seen[2] - seen.Seen[1]) / 90.0;
        Assert.True(gapMs >= TrackContinuity.MinimumGap.TotalMilliseconds, $"the new segment starts {gapMs} ms after the last frame");
    }

    [Fact]
    public void ANewSegment_AfterARealPause_FollowsByTheWallClockTime()
    {
        var clock = new FakeTimeProvider();
        var seen = new Timestamps();
        var continuity = new TrackContinuity(seen, 48_000, clock);
        continuity.OnFrame(new MediaFrame(new byte[1], 960, IsKeyframe: true));

        clock.Advance(TimeSpan.FromSeconds(2));
        continuity.BeginSegment();
        continuity.OnFrame(new MediaFrame(new byte[1], 5, IsKeyframe: true));

        Assert.InRange(seen.Seen[1] - seen.Seen[0], 2 * 48_000 - 1, 2 * 48_000 + 1);
    }

    [Fact]
    public void AFrameNotAfterTheLastOneWritten_IsDroppedAndCounted_SoTheTracksTimesStrictlyIncrease()
    {
        var seen = new Timestamps();
        var continuity = new TrackContinuity(seen, 90_000, new FakeTimeProvider());
        continuity.OnFrame(new MediaFrame(new byte[1], 3_000, IsKeyframe: true));
        continuity.OnFrame(new MediaFrame(new byte[1], 3_000, IsKeyframe: false)); // the same time again
        continuity.OnFrame(new MediaFrame(new byte[1], 2_000, IsKeyframe: false)); // an older one
        continuity.OnFrame(new MediaFrame(new byte[1], 6_000, IsKeyframe: false));

        Assert.Equal([3_000L, 6_000L], seen.Seen);
        Assert.Equal(2, continuity.FramesOutOfOrder);
    }
}
