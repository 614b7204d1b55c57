using System.Collections.Concurrent;

namespace OpenLive.Sfu.Tests.Support;

/// <summary>What a media room told the control plane, in order (events arrive on thread-pool threads).</summary>
internal sealed class RecordingRoomEvents : IMediaRoomEvents
{
    public ConcurrentQueue<string> Events { get; } = new();

    public void TrackStarted(string memberId, TrackSource source) => Events.Enqueue($"started {memberId} {source}");

    public void TrackEnded(string memberId, TrackSource source) => Events.Enqueue($"ended {memberId} {source}");

    public void SubscriberOffer(string memberId, SubscriberOfferInfo offer) => Events.Enqueue($"offer {memberId} {offer.Revision}");

    public void ConnectionLost(string memberId, string reason) => Events.Enqueue($"lost {memberId}");
}
