namespace OpenLive.Rtc.Rtcp;

/// <summary>Limits of a <see cref="NackTracker"/>.</summary>
public sealed class NackTrackerOptions
{
    /// <summary>The most sequence numbers a tracker can keep behind the newest one.</summary>
    public const int MaxWindow = 2047;

    /// <summary>How many times one missing packet is asked for before giving up (1–255).</summary>
    public int MaxRequests { get; init; } = 10;

    /// <summary>A missing packet is given up this long after its gap was seen.</summary>
    public TimeSpan MaxAge { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// A missing packet is given up once this many newer sequence numbers exist (1–<see cref="MaxWindow"/>);
    /// a gap wider than this resets the tracker, and the stream needs a keyframe instead.
    /// </summary>
    public int MaxPacketsBehind { get; init; } = 500;

    /// <summary>How long after a gap is seen before its first request, to let reordered packets arrive.</summary>
    public TimeSpan FirstRequestDelay { get; init; } = TimeSpan.Zero;

    /// <summary>Spacing between requests for the same packet until the owner sets <see cref="NackTracker.RetryInterval"/> from a measured RTT.</summary>
    public TimeSpan InitialRetryInterval { get; init; } = TimeSpan.FromMilliseconds(100);
}

/// <summary>What <see cref="NackTracker.Record"/> concluded from one received sequence number.</summary>
public enum NackRecordResult
{
    /// <summary>The next expected packet, or the first one.</summary>
    InOrder,

    /// <summary>Newer than expected: the skipped sequence numbers are now missing.</summary>
    GapDetected,

    /// <summary>A missing packet arrived (late, or retransmitted).</summary>
    Recovered,

    /// <summary>Already received, or given up on.</summary>
    Duplicate,

    /// <summary>Older than the tracked window.</summary>
    TooOld,

    /// <summary>The gap was wider than the window: tracking restarted here; ask for a keyframe.</summary>
    Reset,
}
