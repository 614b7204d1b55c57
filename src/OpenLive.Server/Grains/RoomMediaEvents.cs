using Google.Protobuf;
using OpenLive.Protocol.V1;
using OpenLive.Sfu;
using Orleans.Concurrency;

namespace OpenLive.Server.Grains;

/// <summary>Carries the SFU's room events into the room grain (as grain calls, so they run in the grain's turn).</summary>
internal sealed class RoomMediaEvents(IGrainFactory grains, string roomKey) : IMediaRoomEvents
{
    private IRoomGrain Room => grains.GetGrain<IRoomGrain>(roomKey);

    public void TrackStarted(string memberId, TrackSource source) => _ = Room.OnMediaTrack(memberId, (int)source, started: true);

    public void TrackEnded(string memberId, TrackSource source) => _ = Room.OnMediaTrack(memberId, (int)source, started: false);

    public void ConnectionLost(string memberId, string reason) => _ = Room.OnMediaConnectionLost(memberId, reason);

    public void SubscriberOffer(string memberId, SubscriberOfferInfo offer)
    {
        var push = new Protocol.V1.SubscriberOffer { Sdp = offer.Sdp, Revision = offer.Revision };
        foreach (var track in offer.Tracks)
        {
            push.Tracks.Add(new ReceivedTrack { Mid = track.Mid, UserId = track.PublisherId, Source = (MediaSource)(int)track.Source });
        }

        _ = Room.OnSubscriberOffer(memberId, new ServerFrame { SubscriberOffer = push }.ToByteArray().AsImmutable());
    }
}
