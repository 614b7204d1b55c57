namespace OpenLive.Sfu.Forwarding;

/// <summary>Conversions between a <see cref="TimeProvider"/>'s timestamps and the durations the RTP/RTCP helpers take.</summary>
internal static class MediaClock
{
    public static TimeSpan ToTimeSpan(long timestamp, long frequency) =>
        TimeSpan.FromTicks((long)(timestamp * ((double)TimeSpan.TicksPerSecond / frequency)));

    public static long FromMilliseconds(long milliseconds, long frequency) => milliseconds * frequency / 1000;
}
