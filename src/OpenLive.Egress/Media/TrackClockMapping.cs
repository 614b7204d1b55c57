namespace OpenLive.Egress.Media;

/// <summary>
/// Where one track's RTP clock sits on the common (wall) clock: the RTP timestamp and NTP wall-clock time of the same
/// instant, as an RTCP sender report pairs them (RFC 3550 §6.4.1). Tracks of one publisher carry different random RTP
/// timestamp bases; their sender reports put them on one clock, which is what keeps audio and video in sync in a
/// recording (<see cref="IRecordingWriter.SetClockMapping"/>).
/// </summary>
/// <param name="RtpTimestamp">The RTP timestamp (32 bits, the track's clock rate).</param>
/// <param name="WallClock">The sender's wall-clock time of that same instant (the report's NTP time).</param>
public readonly record struct TrackClockMapping(uint RtpTimestamp, DateTimeOffset WallClock);
