using OpenLive.Sfu;

namespace OpenLive.Server.Grains;

/// <summary>Carries the SFU's room events into the room grain (as grain calls, so they run in the grain's turn).</summary>
internal sealed class RoomMediaEvents(IGrainFactory grains, string roomKey) : IMediaRoomEvents
{
    private IRoomMediaCallbacks Room => grains.GetGrain<IRoomMediaCallbacks>(roomKey);

    public void TrackStarted(string memberId, TrackSource source) => _ = Room.OnMediaTrack(memberId, SfuMapping.FromSfu(source), started: true);

    public void TrackEnded(string memberId, TrackSource source) => _ = Room.OnMediaTrack(memberId, SfuMapping.FromSfu(source), started: false);

    public void ConnectionLost(string memberId, string reason) => _ = Room.OnMediaConnectionLost(memberId, reason);

    public void SubscriberOffer(string memberId, SubscriberOfferInfo offer) =>
        _ = Room.OnSubscriberOffer(memberId, new SubscriberOfferPush(offer.Sdp, offer.Revision,
            [.. offer.Tracks.Select(track => new ReceivedTrack(track.Mid, track.PublisherId, SfuMapping.FromSfu(track.Source)))], Connection: offer.Connection));
}
