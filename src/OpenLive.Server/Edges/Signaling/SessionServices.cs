using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenLive.Server.Hosting;
using OpenLive.Server.Storage;

namespace OpenLive.Server.Edges.Signaling;

/// <summary>What every session needs from the node, in one singleton so sessions stay cheap to create.</summary>
internal sealed class SessionServices(
    IAppStore apps,
    IUserDirectory users,
    IGrainFactory grains,
    [FromKeyedServices(ServerClock.Key)] TimeProvider time,
    IOptions<ServerOptions> options,
    NodeIdentity node,
    Application.Rooms.RoleCatalog roles,
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

    public Application.Rooms.RoleCatalog Roles { get; } = roles;

    public Observability.ServerMetrics Metrics { get; } = metrics;

    public Im.IMessageStore Messages { get; } = messages;

    public Webhooks.IWebhooks Webhooks { get; } = webhooks;

    public NodeFanout Fanout { get; } = fanout;

    public ILogger Logger { get; } = logger;

    // One verifier per app, shared by its logins: building one re-derives the keyed HMAC that makes verifying cheap.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<uint, (string Key, Core.Auth.UserSigVerifier Verifier)> _verifiers = new();

    /// <summary>The app's userSig verifier (made anew only if the app's key is not the one it was made with).</summary>
    public Core.Auth.UserSigVerifier VerifierFor(Apps.AppRecord app)
    {
        if (_verifiers.TryGetValue(app.SdkAppId, out var cached) && cached.Key == app.SecretKey)
        {
            return cached.Verifier;
        }

        var verifier = new Core.Auth.UserSigVerifier(app.SdkAppId, app.SecretKey, Time);
        _verifiers[app.SdkAppId] = (app.SecretKey, verifier);
        return verifier;
    }
}

/// <summary>This node's id, reported to clients (and used for cluster routing later).</summary>
internal sealed class NodeIdentity
{
    public string Id { get; } = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}");
}
