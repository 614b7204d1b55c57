namespace OpenLive.Sfu.Forwarding;

/// <summary>
/// Where a <see cref="PublishedTrack"/>'s packets come from, as far as the track needs to know: a member's WebRTC
/// publisher connection (<see cref="PublisherConnection"/>), or a relay that brings a track from another node
/// (<see cref="RelayPublisher"/>). Media thread only.
/// </summary>
internal interface ITrackOrigin
{
    /// <summary>The track's first packet arrived: the member now "has" this media (iLiveSDK HAS_* events).</summary>
    void OnTrackStarted(PublishedTrack track);

    /// <summary>Asks for a keyframe on <paramref name="stream"/>, throttled (see <see cref="KeyframeRequestThrottle"/>).</summary>
    void RequestKeyframe(IncomingStream stream, long now);
}
