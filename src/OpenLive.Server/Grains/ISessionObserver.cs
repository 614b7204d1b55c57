using Orleans.Concurrency;

namespace OpenLive.Server.Grains;

/// <summary>
/// A connected session as grains see it: an Orleans grain observer on the node that owns the WebSocket. Grains push
/// through it; they never touch sockets.
/// </summary>
[Alias("OpenLive.ISessionObserver")]
public interface ISessionObserver : IGrainObserver
{
    /// <summary>End the session with this reason (8050 kick-out, 8051 expiry); the session pushes it and closes.</summary>
    [OneWay]
    [Alias("ForceOffline")]
    Task ForceOffline(SessionEndReason reason);

    /// <summary>Deliver a C2C message (from a user, the administrator, or the room's live commands).</summary>
    [OneWay]
    [Alias("Deliver")]
    Task Deliver(ChatMessage message);

    /// <summary>An offer for the member's subscriber connection, raised by the room's SFU; the edge answers it with the same revision.</summary>
    [OneWay]
    [Alias("SubscriberOffer")]
    Task SubscriberOffer(SubscriberOfferPush offer);

    /// <summary>
    /// A new connection of the same client resumes this session: hand over the room seat (if any) and close quietly,
    /// without leaving the room.
    /// </summary>
    [Alias("Supersede")]
    Task<ParkedSeat?> Supersede(DateTimeOffset until);

    /// <summary>A call event for this user (an invitation, the call established, a member's state, the end): a serialized ServerFrame.</summary>
    [OneWay]
    [Alias("CallEvent")]
    Task CallEvent(Immutable<byte[]> frame);

    /// <summary>The session is no longer in the closure's room (disbanded, or removed): tell the client and forget the room.</summary>
    [OneWay]
    [Alias("RoomClosed")]
    Task RoomClosed(RoomClosure closure);
}

/// <summary>Why a session was ended by the server: an error in iLiveSDK's model.</summary>
[GenerateSerializer]
[Immutable]
[Alias("OpenLive.SessionEndReason")]
public sealed record SessionEndReason(
    [property: Id(0)] OpenLive.Core.Errors.ErrorModule Module,
    [property: Id(1)] int Code,
    [property: Id(2)] string Detail);
