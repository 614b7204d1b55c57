using OpenLive.Egress.Depacketizing;
using OpenLive.Egress.Recording;
using OpenLive.Sfu;

namespace OpenLive.Server.Application.Egress;

/// <summary>
/// The SFU's tap of one track into a recording's feed: every call comes from the media thread and only copies into
/// the feed's ring (allocation-free, never blocks).
/// </summary>
internal sealed class RecordingTapSink(RecordingTrackFeed feed) : ITrackTapSink, IKeyframeRequester
{
    private TrackTap? _tap;

    /// <summary>The tap this sink is on, once <see cref="MediaRoom.Tap"/> answered.</summary>
    public TrackTap? Tap
    {
        get => Volatile.Read(ref _tap);
        set => Volatile.Write(ref _tap, value);
    }

    public void OnTrackAttached(TappedTrack track) => feed.OnTrackAttached(track.CodecName, track.ClockRate, track.Channels, track.FormatParameters);

    public void OnRtp(ReadOnlySpan<byte> packet) => feed.OnRtp(packet);

    public void OnSenderReport(ulong ntpTimestamp, uint rtpTimestamp) => feed.OnSenderReport(ntpTimestamp, rtpTimestamp);

    public void OnTrackDetached() => feed.OnTrackDetached();

    public void OnClosed() => feed.OnClosed();

    /// <summary>
    /// The recording's worker thread asks for a keyframe: <see cref="TrackTap.RequestKeyframe"/> only sets a flag the
    /// media thread reads with its next packet, so calling it from here is safe.
    /// </summary>
    public void RequestKeyframe() => Tap?.RequestKeyframe();
}
