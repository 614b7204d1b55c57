namespace OpenLive.Rtc.Rtcp;

/// <summary>
/// When a periodic RTCP duty is next due — receiver and sender reports, NACK rounds, transport-wide feedback — on the
/// owner's own clock (a <see cref="TimeSpan"/> since any origin). Both endpoints run their feedback from a timer tick
/// and ask each duty's scheduler whether it is due, so the intervals live in one place and each feature class owns its
/// own schedule.
/// </summary>
/// <remarks>
/// RFC 3550 §6.3.5 randomizes report intervals (by 0.5..1.5) so that peers started together do not send in lockstep;
/// <see cref="Randomization"/> sets how much (0: a fixed period, as NACK and feedback rounds use). The first call is
/// always due. Allocation-free; not thread-safe (one timer thread owns it).
/// </remarks>
public sealed class RtcpReportScheduler
{
    private TimeSpan _next = TimeSpan.MinValue;

    /// <summary>A schedule every <paramref name="interval"/>, each period varied by up to ± <paramref name="randomization"/> of it (0..0.5).</summary>
    public RtcpReportScheduler(TimeSpan interval, double randomization = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfNegative(randomization);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(randomization, 0.5);
        Interval = interval;
        Randomization = randomization;
    }

    /// <summary>The mean period.</summary>
    public TimeSpan Interval { get; }

    /// <summary>How far a period may stray from <see cref="Interval"/>, as a fraction of it.</summary>
    public double Randomization { get; }

    /// <summary>When the duty is next due; <see cref="TimeSpan.MinValue"/> before the first.</summary>
    public TimeSpan NextDue => _next;

    /// <summary>True when the duty is due at <paramref name="now"/>; the next period then starts from <paramref name="now"/>.</summary>
    public bool TryTakeDue(TimeSpan now)
    {
        if (now < _next)
        {
            return false;
        }

        var factor = Randomization == 0 ? 1 : 1 - Randomization + (2 * Randomization * Random.Shared.NextDouble());
        _next = now + (Interval * factor);
        return true;
    }
}
