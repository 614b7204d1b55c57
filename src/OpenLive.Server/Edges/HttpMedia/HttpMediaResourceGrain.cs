using Orleans.Placement;

namespace OpenLive.Server.Edges.HttpMedia;

/// <inheritdoc cref="IHttpMediaResourceGrain" />
[PreferLocalPlacement]
internal sealed class HttpMediaResourceGrain : Grain, IHttpMediaResourceGrain
{
    private IHttpMediaResource? _resource;

    public Task Register(IHttpMediaResource resource)
    {
        _resource = resource;
        return Task.CompletedTask;
    }

    public Task Unregister()
    {
        _resource = null;
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    public Task<IHttpMediaResource?> Find()
    {
        if (_resource is null)
        {
            DeactivateOnIdle(); // a guessed or stale id must not leave an activation behind
        }

        return Task.FromResult(_resource);
    }
}
