using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenLive.Server.Hosting;
using OpenLive.Server.Storage;

namespace OpenLive.Server.Sessions;

/// <summary>What every session needs from the node, in one singleton so sessions stay cheap to create.</summary>
internal sealed class SessionServices(
    IAppStore apps,
    IUserDirectory users,
    IGrainFactory grains,
    [FromKeyedServices(ServerClock.Key)] TimeProvider time,
    IOptions<ServerOptions> options,
    NodeIdentity node,
    Rooms.RoleCatalog roles,
    Observability.ServerMetrics metrics,
    Im.IMessageStore messages,
    Webhooks.IWebhooks webhooks,
    NodeFanout fanout,
    ILogger<SignalingSession> logger)
{
    public IAppStore Apps { get; } = apps;

    public IUserDirectory Users { get; } = users;

    public IGrainFactory Grains { get; } = grains;

    public TimeProvider Time { get; } = time;

    public ServerOptions Options { get; } = options.Value;

    public NodeIdentity Node { get; } = node;

    public Rooms.RoleCatalog Roles { get; } = roles;

    public Observability.ServerMetrics Metrics { get; } = metrics;

    public Im.IMessageStore Messages { get; } = messages;

    public Webhooks.IWebhooks Webhooks { get; } = webhooks;

    public NodeFanout Fanout { get; } = fanout;

    public ILogger Logger { get; } = logger;
}

/// <summary>This node's id, reported to clients (and used for cluster routing later).</summary>
internal sealed class NodeIdentity
{
    public string Id { get; } = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}");
}
