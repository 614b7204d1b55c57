namespace OpenLive.Sfu.Forwarding;

/// <summary>
/// The far end of a <see cref="RelayPublisher"/>: the node-to-node link that brings a track from the node its member
/// publishes on. Called on the media thread; must return quickly (queue, do not wait).
/// </summary>
internal interface IRelayUpstream
{
    /// <summary>A local subscriber needs a keyframe of the track with <paramref name="trackId"/>, layer <paramref name="layer"/>.</summary>
    void RequestKeyframe(string trackId, int layer);
}
