namespace OpenLive.Egress.Media;

/// <summary>
/// One track's RTP time on a recording's common clock (UTC ticks), anchored at the track's first frame: by its
/// <see cref="TrackClockMapping"/> when one was given by then, else by that frame's handling on the writer's clock.
/// Both writers place tracks with it. A recording gives every track a mapping of the same kind (sender reports, or
/// packets' arrival at the SFU: <c>Recording/RecordingTrackReader.Bind</c>); the writer's clock is the fallback of
/// writers used alone.
/// </summary>
internal readonly struct TrackClock
{
    private readonly long _anchorTimestamp;
    private readonly long _anchorTicks;
    private readonly int _clockRate;

    private TrackClock(long anchorTimestamp, long anchorTicks, int clockRate)
    {
        _anchorTimestamp = anchorTimestamp;
        _anchorTicks = anchorTicks;
        _clockRate = clockRate;
    }

    /// <summary>The clock of a track whose first frame has the unwrapped <paramref name="firstTimestamp"/>.</summary>
    public static TrackClock Anchor(long firstTimestamp, int clockRate, TrackClockMapping? mapping, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(clockRate, 1);
        if (mapping is { } known)
        {
            // Place the report's 32-bit timestamp next to the first frame's unwrapped one (±2^31 ticks of the clock).
            return new TrackClock(firstTimestamp + (int)(known.RtpTimestamp - (uint)firstTimestamp), known.WallClock.UtcTicks, clockRate);
        }

        return new TrackClock(firstTimestamp, time.GetUtcNow().UtcTicks, clockRate);
    }

    /// <summary>Common-clock time (UTC ticks) of the track's unwrapped <paramref name="timestamp"/>.</summary>
    public long TicksOf(long timestamp) => _anchorTicks + ((timestamp - _anchorTimestamp) * TimeSpan.TicksPerSecond / _clockRate);
}
