using Microsoft.Extensions.Logging;
using OpenLive.Server.Grains;
using Orleans.Concurrency;

namespace OpenLive.Server.Edges.HttpMedia;

/// <summary>WHIP publishes into a room; WHEP plays a publisher out of it.</summary>
internal enum HttpMediaKind
{
    /// <summary>WebRTC-HTTP ingestion (RFC 9725).</summary>
    Whip,

    /// <summary>WebRTC-HTTP egress (draft-ietf-wish-whep).</summary>
    Whep,
}

/// <summary>
/// One WHIP or WHEP resource: a room member without a WebSocket session. The grains see it as an ordinary session (an
/// <see cref="ISessionObserver"/>, attached to its user like a login) but it has nowhere to deliver pushes, so they are
/// dropped. It ends once — on DELETE, when the room closes or removes it, when the user is forced offline (kicked,
/// or the same user logged in elsewhere), or when its media connection is lost.
/// </summary>
internal sealed class HttpMediaSession : ISessionObserver, IHttpMediaResource
{
    private readonly HttpMediaSessions _sessions;
    private readonly IGrainFactory _grains;
    private readonly ILogger _logger;
    private int _ended;

    public HttpMediaSession(HttpMediaKind kind, uint sdkAppId, string userId, string roomKey, string offerUfrag, HttpMediaSessions sessions, IGrainFactory grains, ILogger logger)
    {
        Kind = kind;
        SdkAppId = sdkAppId;
        UserId = userId;
        RoomKey = roomKey;
        OfferUfrag = offerUfrag;
        _sessions = sessions;
        _grains = grains;
        _logger = logger;
        ResourceId = HttpMediaSessions.NewResourceId();
        ETag = HttpMediaSessions.NewEntityTag();
        Reference = grains.CreateObjectReference<ISessionObserver>(this);
        ResourceReference = grains.CreateObjectReference<IHttpMediaResource>(this);
    }

    public HttpMediaKind Kind { get; }

    /// <summary>The member's session id in the room and user grains.</summary>
    public Guid Id { get; } = Guid.NewGuid();

    /// <summary>The unguessable last segment of the resource URL (RFC 9725 §5: DELETE must not be guessable).</summary>
    public string ResourceId { get; }

    /// <summary>The strong entity tag of the ICE session (RFC 9725 §4.3.1), quoted.</summary>
    public string ETag { get; }

    public uint SdkAppId { get; }

    public string UserId { get; }

    public string RoomKey { get; }

    /// <summary>The client's ICE ufrag from its offer: a PATCH with another one is an ICE restart.</summary>
    public string OfferUfrag { get; }

    /// <summary>This object as the grains call it (Orleans holds observers weakly: the registry keeps it alive).</summary>
    public ISessionObserver Reference { get; }

    /// <summary>This object as other nodes reach it for PATCH and DELETE (<see cref="IHttpMediaResourceGrain"/>).</summary>
    public IHttpMediaResource ResourceReference { get; }

    /// <summary>The URL path of the resource (the <c>Location</c> of the 201).</summary>
    public string Location => $"/{(Kind == HttpMediaKind.Whip ? "whip" : "whep")}/resource/{ResourceId}";

    public bool Ended => Volatile.Read(ref _ended) != 0;

    /// <summary>
    /// Ends the resource (once): forgets it, leaves the room when <paramref name="leaveRoom"/> (an owner leaving dismisses
    /// the room, as a quit would), releases the user and the observer reference. Never throws.
    /// </summary>
    public async Task EndAsync(bool leaveRoom, string reason)
    {
        if (Interlocked.Exchange(ref _ended, 1) != 0)
        {
            return;
        }

        _sessions.Remove(this);
        try
        {
            await _grains.GetGrain<IHttpMediaResourceGrain>(ResourceId).Unregister().ConfigureAwait(false);
            if (leaveRoom)
            {
                await _grains.GetGrain<IRoomMembership>(RoomKey).SessionEnded(UserId, Id).ConfigureAwait(false);
            }

            await _grains.GetGrain<IUserGrain>(GrainKeys.User(SdkAppId, UserId)).Detach(Id).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OrleansException or TimeoutException)
        {
            // A grain's node is gone: the grain re-activates without this member.
        }
        finally
        {
            _grains.DeleteObjectReference<ISessionObserver>(Reference);
            _grains.DeleteObjectReference<IHttpMediaResource>(ResourceReference);
        }

        HttpMediaLog.Ended(_logger, Kind, ResourceId, UserId, RoomKey, reason);
    }

    /// <inheritdoc />
    public async Task<HttpMediaResourceOutcome> Delete(bool whip)
    {
        if (Ended || (Kind == HttpMediaKind.Whip) != whip)
        {
            return HttpMediaResourceOutcome.NotFound;
        }

        // The resource id is the capability (128 random bits, RFC 9725 §5); an entity tag is ignored here (§4.3.1).
        await EndAsync(leaveRoom: true, "deleted by the client").ConfigureAwait(false);
        return HttpMediaResourceOutcome.Done;
    }

    /// <inheritdoc />
    public Task<HttpMediaResourceOutcome> Patch(bool whip, string ifMatch, string? ufrag)
    {
        var outcome = Ended || (Kind == HttpMediaKind.Whip) != whip ? HttpMediaResourceOutcome.NotFound
            : ifMatch.Length > 0 && ifMatch != "*" && ifMatch != ETag ? HttpMediaResourceOutcome.PreconditionFailed
            : ufrag is not null && ufrag != OfferUfrag ? HttpMediaResourceOutcome.RestartRefused
            : HttpMediaResourceOutcome.Done;
        return Task.FromResult(outcome);
    }

    /// <inheritdoc />
    public Task ForceOffline(SessionEndReason reason)
    {
        _ = EndAsync(leaveRoom: true, $"forced offline: {reason.Module} {reason.Code} {reason.Detail}");
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task Deliver(ChatMessage message) => Task.CompletedTask; // Nowhere to deliver it.

    /// <inheritdoc />
    public Task SubscriberOffer(SubscriberOfferPush offer) => Task.CompletedTask; // Media-only members make their own offers.

    /// <inheritdoc />
    public Task CallEvent(Immutable<byte[]> frame) => Task.CompletedTask; // Media-only members take part in no calls.

    /// <inheritdoc />
    public Task<ParkedSeat?> Supersede(DateTimeOffset until) => Task.FromResult<ParkedSeat?>(null); // Never resumed.

    /// <inheritdoc />
    public Task RoomClosed(RoomClosure closure)
    {
        if (closure.RoomKey == RoomKey)
        {
            _ = EndAsync(leaveRoom: false, "the room closed or removed the member");
        }

        return Task.CompletedTask;
    }
}
