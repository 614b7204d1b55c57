namespace OpenLive.Server.Edges.HttpMedia;

/// <summary>
/// A WHIP or WHEP resource as any node of the cluster reaches it. The resource lives on the node that answered its
/// POST (its member session and observer are there); a PATCH or DELETE that a load balancer sends to another node finds
/// it through <see cref="IHttpMediaResourceGrain"/> and is carried out there, so the client needs no sticky sessions.
/// </summary>
public interface IHttpMediaResource : IGrainObserver
{
    /// <summary>Ends the resource (the member leaves the room), when it is a WHIP one and <paramref name="whip"/>, or a WHEP one and not.</summary>
    Task<HttpMediaResourceOutcome> Delete(bool whip);

    /// <summary>
    /// A trickle PATCH already read and parsed by the receiving node: its <c>If-Match</c> (empty for none) and the
    /// fragment's ufrag (null for none), checked against the resource's entity tag and offer.
    /// </summary>
    Task<HttpMediaResourceOutcome> Patch(bool whip, string ifMatch, string? ufrag);
}

/// <summary>What a resource did with a PATCH or DELETE.</summary>
[GenerateSerializer]
public enum HttpMediaResourceOutcome
{
    /// <summary>Done: DELETE ended it; PATCH accepted the candidates (204).</summary>
    Done,

    /// <summary>No such resource of that kind (ended, never created, or a WHIP id on a WHEP path).</summary>
    NotFound,

    /// <summary>PATCH: <c>If-Match</c> is not the ICE session's entity tag (412).</summary>
    PreconditionFailed,

    /// <summary>PATCH: another ufrag than the offer's, an ICE restart, which is not supported (422).</summary>
    RestartRefused,
}

/// <summary>
/// Where a WHIP/WHEP resource lives, by resource id: the resource registers itself on creation and leaves on its end.
/// Placed on the registering node, so it shares its resource's fate (a lost node's resources are gone with it).
/// Not persisted: a resource is its node's live media session.
/// </summary>
public interface IHttpMediaResourceGrain : IGrainWithStringKey
{
    /// <summary>The resource, just created on the calling node, is reachable under this id.</summary>
    Task Register(IHttpMediaResource resource);

    /// <summary>The resource ended: the id leads nowhere from now on.</summary>
    Task Unregister();

    /// <summary>The resource, or null when none is registered under this id.</summary>
    Task<IHttpMediaResource?> Find();
}
