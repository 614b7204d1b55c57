using OpenLive.Sfu.Forwarding;

namespace OpenLive.Sfu;

/// <summary>
/// A tap on one member's track of one source (<see cref="MediaRoom.Tap"/>): it follows whatever track the member
/// publishes for that source, across unpublish/republish and reconnects, until disposed or the room closes.
/// </summary>
public sealed class TrackTap : IDisposable
{
    private readonly Action<TrackTap> _untap;
    private volatile bool _keyframeWanted;

    internal TrackTap(Action<TrackTap> untap, string memberId, TrackSource source, ITrackTapSink sink)
    {
        _untap = untap;
        MemberId = memberId;
        Source = source;
        Sink = sink;
    }

    /// <summary>The publisher tapped.</summary>
    public string MemberId { get; }

    /// <summary>The source tapped.</summary>
    public TrackSource Source { get; }

    internal ITrackTapSink Sink { get; }

    /// <summary>The track attached now (room lock), null while the member publishes nothing of this source.</summary>
    internal PublishedTrack? Attached { get; set; }

    /// <summary>The simulcast layer fed to the sink (media thread).</summary>
    internal int Layer { get; set; }

    /// <summary>True once disposed or closed with the room (room lock).</summary>
    internal bool Ended { get; set; }

    /// <summary>
    /// Asks the publisher for a keyframe on the tapped stream (a recording starts, or a frame was lost beyond repair).
    /// Thread-safe; the media thread sends the request with the next packet, within the SFU's keyframe-request throttle.
    /// </summary>
    public void RequestKeyframe() => _keyframeWanted = true;

    /// <summary>Stops the tap: the sink's <see cref="ITrackTapSink.OnClosed"/> follows, on the media thread.</summary>
    public void Dispose() => _untap(this);

    /// <summary>Media thread: whether a keyframe was asked for since the last call.</summary>
    internal bool TakeKeyframeRequest()
    {
        if (!_keyframeWanted)
        {
            return false;
        }

        _keyframeWanted = false;
        return true;
    }
}
