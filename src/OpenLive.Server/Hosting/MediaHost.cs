using OpenLive.Sfu;

namespace OpenLive.Server.Hosting;

/// <summary>Starts the node's SFU with the host and stops it last (after sessions have drained).</summary>
internal sealed class MediaHost(SfuEngine engine) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        engine.Start();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        engine.Dispose();
        return Task.CompletedTask;
    }
}
