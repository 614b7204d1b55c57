namespace OpenLive.Egress.Mp4;

/// <summary>
/// Where a track's RTP timestamps sit on the recording's common clock: <paramref name="RtpTimestamp"/> (unwrapped, in
/// the track's clock rate) was sampled at <paramref name="CommonTime"/> — the pair an RTCP sender report gives (RTP
/// timestamp and NTP time), or the SFU's own arrival clock. With one per track the writer keeps the tracks' relative
/// offset; without, each track's first frame is taken to be at the same instant.
/// </summary>
/// <param name="RtpTimestamp">An RTP timestamp of the track, unwrapped to 64 bits.</param>
/// <param name="CommonTime">When that timestamp was sampled, on a clock shared by the tracks.</param>
internal readonly record struct Mp4TrackClock(long RtpTimestamp, TimeSpan CommonTime)
{
    /// <summary>The common time of <paramref name="timestamp"/>, for a track at <paramref name="clockRate"/> Hz.</summary>
    public TimeSpan ToCommonTime(long timestamp, int clockRate)
    {
        // Seconds as a double: a hostile or broken mapping far away must not overflow, only land far away.
        var seconds = Math.Clamp((double)(timestamp - RtpTimestamp) / clockRate, -1e6, 1e6);
        return CommonTime + TimeSpan.FromSeconds(seconds);
    }
}
