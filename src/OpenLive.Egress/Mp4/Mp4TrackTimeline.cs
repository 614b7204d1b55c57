using OpenLive.Egress.Media;

namespace OpenLive.Egress.Mp4;

/// <summary>
/// One track's placement on the recording's timeline: its first frame's common-clock time (through its
/// <see cref="TrackClockMapping"/>, or that frame's arrival: <see cref="TrackClock"/>), its offset from the origin in
/// its own ticks, and its decode times relative to its first frame.
/// </summary>
internal sealed class Mp4TrackTimeline(int clockRate, TimeProvider time)
{
    private long firstTimestamp;

    public bool Started { get; private set; }

    /// <summary>The track's sender-report mapping, when one came before its first frame.</summary>
    public TrackClockMapping? Mapping { get; set; }

    public TimeSpan FirstCommonTime { get; private set; }

    /// <summary>Ticks from the origin to the track's first frame.</summary>
    public long Offset { get; private set; }

    /// <summary>Notes the track's first received frame (dropped or not).</summary>
    public void Observe(long timestamp, bool originFixed, TimeSpan origin)
    {
        if (Started)
        {
            return;
        }

        Started = true;
        firstTimestamp = timestamp;
        FirstCommonTime = TimeSpan.FromTicks(TrackClock.Anchor(timestamp, clockRate, Mapping, time).TicksOf(timestamp));
        if (originFixed)
        {
            PlaceOnOrigin(origin);
        }
    }

    /// <summary>
    /// The offset of the first frame from the origin; a track whose mapping puts it before an origin already
    /// written starts at the origin (times in a fragmented file cannot go below a fragment already out).
    /// </summary>
    public void PlaceOnOrigin(TimeSpan origin)
    {
        if (Started)
        {
            Offset = Math.Max(0, (long)Math.Round((FirstCommonTime - origin).TotalSeconds * clockRate));
        }
    }

    /// <summary>The track-relative decode time of <paramref name="timestamp"/> (the offset is added per fragment).</summary>
    public long ToDts(long timestamp) => timestamp - firstTimestamp;
}
