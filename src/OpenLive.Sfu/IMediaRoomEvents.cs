namespace OpenLive.Sfu;

/// <summary>
/// What a room's media tells the control plane: tracks that start and end (iLiveSDK's HAS_/NO_ member events), and
/// offers for members' subscriber connections. Called on thread-pool threads, one call at a time per room.
/// </summary>
public interface IMediaRoomEvents
{
    /// <summary>The member's track of <paramref name="source"/> carries media (its first packet arrived).</summary>
    void TrackStarted(string memberId, TrackSource source);

    /// <summary>The member's track of <paramref name="source"/> ended (unpublished, or its connection closed).</summary>
    void TrackEnded(string memberId, TrackSource source);

    /// <summary>A new offer for the member's subscriber connection; it answers with the same revision.</summary>
    void SubscriberOffer(string memberId, SubscriberOfferInfo offer);

    /// <summary>
    /// A connection of a member without a signaling channel (WHIP/WHEP) closed by itself — ICE consent lapsed, DTLS
    /// failed, or it never connected: the member has no way to renegotiate, so its stay in the room should end.
    /// </summary>
    void ConnectionLost(string memberId, string reason);
}

/// <summary>
/// An offer for a subscriber connection, and which member and source each m-line carries. <paramref name="Connection"/>
/// counts the member's subscriber connections (<see cref="MediaRoom.RestartMember"/> starts a new one): an offer with a
/// higher number is for a new connection, not a renegotiation.
/// </summary>
public sealed record SubscriberOfferInfo(string Sdp, uint Revision, IReadOnlyList<ReceivedTrackInfo> Tracks, uint Connection = 0);

/// <summary>What one m-line of a subscriber offer carries.</summary>
public sealed record ReceivedTrackInfo(string Mid, string PublisherId, TrackSource Source);

/// <summary>A video view a member asks for (iLiveSDK requestViewList), with an optional simulcast quality.</summary>
public sealed record ViewRequest(string PublisherId, TrackSource Source, VideoQualityRequest Quality = VideoQualityRequest.Auto);

/// <summary>Simulcast layer choice for a view.</summary>
public enum VideoQualityRequest
{
    /// <summary>The server picks by the subscriber's bandwidth.</summary>
    Auto,

    /// <summary>The lowest layer.</summary>
    Low,

    /// <summary>The middle layer.</summary>
    Medium,

    /// <summary>The highest layer.</summary>
    High,
}
