using OpenLive.Sdk.Media;

namespace OpenLive.Sdk.Quality;

/// <summary>
/// The client's own view of its media in a room over the last interval (iLiveSDK's <c>getQualityData</c> /
/// <c>qualityParamCallback</c>), from the RTP and RTCP counters of its publisher and subscriber connections.
/// Rates are of RTP payload bytes. The server's view of the same member is <see cref="Rooms.LiveRoom"/>'s media stats.
/// </summary>
/// <param name="At">When the snapshot was taken.</param>
/// <param name="Interval">The time the rates are measured over (the quality interval, or less for an on-demand snapshot).</param>
/// <param name="SendKbps">What the client sent, all tracks, in kbit/s.</param>
/// <param name="ReceiveKbps">What the client received, all tracks, in kbit/s.</param>
/// <param name="UpLoss">Packet loss on the way up, 0..1: the highest fraction lost the server's receiver reports gave for our tracks.</param>
/// <param name="DownLoss">Packet loss on the way down, 0..1: packets lost over packets expected in the interval, all received tracks.</param>
/// <param name="RoundTripTime">To the server, from its receiver reports (RFC 3550 §6.4.1); null until one came back (nothing published).</param>
/// <param name="Jitter">The highest interarrival jitter of the received tracks (RFC 3550 A.8).</param>
/// <param name="CpuPercent">This process's CPU use over the interval, in percent of all the machine's cores; null when the platform does not say.</param>
/// <param name="Tracks">Per track, sent and received.</param>
public sealed record LiveRoomQuality(
    DateTimeOffset At,
    TimeSpan Interval,
    double SendKbps,
    double ReceiveKbps,
    double UpLoss,
    double DownLoss,
    TimeSpan? RoundTripTime,
    TimeSpan Jitter,
    double? CpuPercent,
    IReadOnlyList<LiveTrackQuality> Tracks);

/// <summary>One track's figures in a <see cref="LiveRoomQuality"/>.</summary>
/// <param name="Sending">True for a track this client publishes, false for one it receives.</param>
/// <param name="UserId">The publishing member (this client's user for a sent track).</param>
/// <param name="Source">Audio, camera or screen.</param>
/// <param name="Kbps">RTP payload kbit/s over the interval.</param>
/// <param name="FramesPerSecond">Video frames per second over the interval (frames end with the RTP marker); 0 for audio.</param>
/// <param name="Width">The picture width the last VP8 keyframe stated; 0 before one, for audio and for other codecs.</param>
/// <param name="Height">The picture height, likewise.</param>
/// <param name="Loss">0..1: for a sent track, the fraction lost the server last reported; for a received one, lost over expected in the interval.</param>
/// <param name="RoundTripTime">For a sent track, from the server's receiver reports; null for a received track and before a report.</param>
/// <param name="Jitter">For a received track, its interarrival jitter; zero for a sent track.</param>
public sealed record LiveTrackQuality(
    bool Sending,
    string UserId,
    MediaTrackSource Source,
    double Kbps,
    double FramesPerSecond,
    int Width,
    int Height,
    double Loss,
    TimeSpan? RoundTripTime,
    TimeSpan Jitter);

/// <summary>A periodic quality snapshot (<see cref="Rooms.LiveRoom.QualityUpdated"/>).</summary>
public sealed class LiveQualityEventArgs(LiveRoomQuality quality) : EventArgs
{
    /// <summary>The snapshot.</summary>
    public LiveRoomQuality Quality { get; } = quality;
}
