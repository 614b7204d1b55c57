namespace OpenLive.Rtc.Rtcp;

/// <summary>
/// The 64-bit NTP timestamps of sender reports (RFC 3550 §4: seconds since 1900 in the high word, fraction in
/// the low word) and the 32-bit "compact" form in 1/65536 s that LSR, DLSR and round-trip times use (§6.4.1).
/// </summary>
public static class NtpTime
{
    /// <summary>Compact units per second.</summary>
    public const int CompactUnitsPerSecond = 65536;

    private static readonly DateTimeOffset Epoch = new(1900, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The NTP timestamp of a wall-clock time (era 0, up to 2036).</summary>
    public static ulong FromDateTimeOffset(DateTimeOffset time)
    {
        var ticks = (time - Epoch).Ticks;
        var seconds = (ulong)(ticks / TimeSpan.TicksPerSecond);
        var fraction = (ulong)(ticks % TimeSpan.TicksPerSecond << 32) / TimeSpan.TicksPerSecond;
        return (seconds << 32) | fraction;
    }

    /// <summary>The wall-clock time of an NTP timestamp (era 0).</summary>
    public static DateTimeOffset ToDateTimeOffset(ulong ntp)
    {
        var seconds = (long)(ntp >> 32);
        var fractionTicks = (long)(((ntp & 0xFFFFFFFF) * TimeSpan.TicksPerSecond) >> 32);
        return Epoch.AddTicks((seconds * TimeSpan.TicksPerSecond) + fractionTicks);
    }

    /// <summary>The middle 32 bits of an NTP timestamp: what an RR echoes as LSR.</summary>
    public static uint ToCompact(ulong ntp) => (uint)(ntp >> 16);

    /// <summary>A duration in compact units (1/65536 s), as DLSR carries it; saturates at the 32-bit maximum.</summary>
    public static uint ToCompactDuration(TimeSpan duration)
    {
        if (duration <= TimeSpan.Zero)
        {
            return 0;
        }

        var units = (ulong)duration.Ticks * CompactUnitsPerSecond / TimeSpan.TicksPerSecond;
        return units >= uint.MaxValue ? uint.MaxValue : (uint)units;
    }

    /// <summary>A duration in compact units as a <see cref="TimeSpan"/>.</summary>
    public static TimeSpan FromCompactDuration(uint compact) =>
        TimeSpan.FromTicks((long)compact * TimeSpan.TicksPerSecond / CompactUnitsPerSecond);

    /// <summary>
    /// Round-trip time from a report block (RFC 3550 §6.4.1): arrival − LSR − DLSR, all compact. Zero when the
    /// block has no LSR or the result would be negative (clock drift).
    /// </summary>
    public static TimeSpan RoundTripTime(uint arrivalCompact, uint lastSenderReport, uint delaySinceLastSenderReport)
    {
        if (lastSenderReport == 0)
        {
            return TimeSpan.Zero;
        }

        var rtt = (int)(arrivalCompact - lastSenderReport - delaySinceLastSenderReport);
        return rtt <= 0 ? TimeSpan.Zero : FromCompactDuration((uint)rtt);
    }
}
