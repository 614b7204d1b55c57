using OpenLive.Sfu;

namespace OpenLive.Server.Tests.Application.Egress.Recording;

/// <summary>Room events nobody listens to: the egress tests open their SFU room directly, without a room grain.</summary>
internal sealed class QuietRoomEvents : IMediaRoomEvents
{
    public void TrackStarted(string memberId, TrackSource source)
    {
    }

    public void TrackEnded(string memberId, TrackSource source)
    {
    }

    public void SubscriberOffer(string memberId, SubscriberOfferInfo offer)
    {
    }

    public void ConnectionLost(string memberId, string reason)
    {
    }
}
