namespace OpenLive.Egress.Recording;

/// <summary>RTCP's 64-bit NTP timestamps (RFC 3550 §4: seconds since 1900-01-01 UTC, 32.32 fixed point).</summary>
internal static class NtpTime
{
    private static readonly DateTimeOffset Epoch = new(1900, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The wall-clock time of an NTP timestamp (era 0, to 2036; later times wrap as NTP's do).</summary>
    public static DateTimeOffset ToDateTime(ulong ntp)
    {
        var seconds = ntp >> 32;
        var fraction = ntp & 0xFFFF_FFFF;
        return Epoch.AddTicks(((long)seconds * TimeSpan.TicksPerSecond) + (long)((fraction * TimeSpan.TicksPerSecond) >> 32));
    }
}
