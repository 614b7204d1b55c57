using Orleans.Concurrency;

namespace OpenLive.Server.Grains;

/// <summary>
/// What the room's SFU room reports back (one role of the room grain), as grain calls so that each runs in the grain's
/// turn: tracks starting and ending, subscriber offers, lost media-only connections.
/// </summary>
[Alias("OpenLive.IRoomMediaCallbacks")]
public interface IRoomMediaCallbacks : IGrainWithStringKey
{
    /// <summary>A media-only member's connection closed by itself: it leaves (the owner leaving dismisses the room).</summary>
    [OneWay]
    [Alias("OnMediaConnectionLost")]
    Task OnMediaConnectionLost(string userId, string reason);

    /// <summary>A member's track started or ended: HAS_/NO_ member events.</summary>
    [OneWay]
    [Alias("OnMediaTrack")]
    Task OnMediaTrack(string userId, MediaTrackSource source, bool started);

    /// <summary>A subscriber offer to push to the member.</summary>
    [OneWay]
    [Alias("OnSubscriberOffer")]
    Task OnSubscriberOffer(string userId, SubscriberOfferPush offer);
}
