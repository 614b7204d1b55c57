namespace OpenLive.Rtc.Transport;

/// <summary>
/// The timeout to pass <see cref="System.Net.Sockets.Socket.Poll(int, System.Net.Sockets.SelectMode)"/> for a wait.
/// On Linux it hands poll(2) whole milliseconds, truncated: a wait under 1 ms becomes poll(0), and a receive loop that
/// waits for its next timer spins through that last millisecond. Rounding up to whole milliseconds avoids it; a timer
/// may then run up to 1 ms late.
/// </summary>
public static class SocketPollTimeout
{
    /// <summary>Microseconds for Socket.Poll: <paramref name="wait"/> rounded up to whole milliseconds (0 stays 0).</summary>
    public static int Microseconds(TimeSpan wait)
    {
        if (wait <= TimeSpan.Zero)
        {
            return 0;
        }

        var milliseconds = (wait.Ticks + TimeSpan.TicksPerMillisecond - 1) / TimeSpan.TicksPerMillisecond;
        return (int)Math.Min(milliseconds * 1000, int.MaxValue);
    }
}
