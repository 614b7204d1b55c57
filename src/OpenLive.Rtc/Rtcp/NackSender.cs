namespace OpenLive.Rtc.Rtcp;

/// <summary>
/// Asks a sender to resend what was lost (generic NACK, RFC 4585 §6.2.1): every <see cref="Interval"/> the owner lists
/// its receive streams, and for each one whose <see cref="NackTracker"/> still misses packets a NACK goes out (each
/// sequence number paced and retried by the tracker). The SFU (towards publishers) and the client peer (towards the
/// SFU) use it alike; which streams are NACKed (the SFU leaves audio alone) is the owner's routing.
/// </summary>
/// <remarks>Not thread-safe: the thread that owns the streams' trackers calls it. Allocates nothing.</remarks>
public sealed class NackSender
{
    /// <summary>How often NACKs go out: 20 ms, a frame's time at 50 fps, so a loss is asked for within one or two frames.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(20);

    private readonly RtcpReportScheduler _schedule = new(Interval);

    /// <summary>NACK packets sent.</summary>
    public long NacksSent { get; private set; }

    /// <summary>Whether a round of NACKs is due at <paramref name="now"/> (then the owner calls <see cref="TrySend"/> per stream).</summary>
    public bool IsDue(TimeSpan now) => _schedule.TryTakeDue(now);

    /// <summary>
    /// Sends a NACK from <paramref name="senderSsrc"/> for what <paramref name="tracker"/> (of the stream
    /// <paramref name="mediaSsrc"/>) is missing and due now; false when nothing went out.
    /// </summary>
    public bool TrySend(NackTracker tracker, uint senderSsrc, uint mediaSsrc, TimeSpan now, IRtcpFeedbackChannel channel)
    {
        ArgumentNullException.ThrowIfNull(tracker);
        ArgumentNullException.ThrowIfNull(channel);
        if (tracker.MissingCount == 0
            || !tracker.TryWriteNack(channel.BeginFeedback(), senderSsrc, mediaSsrc, now, out var written)
            || !channel.SendFeedback(written))
        {
            return false;
        }

        NacksSent++;
        return true;
    }
}
