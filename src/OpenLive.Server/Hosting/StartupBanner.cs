using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenLive.Core.Auth;
using OpenLive.Server.Apps;

namespace OpenLive.Server.Hosting;

/// <summary>
/// Prints where the server listens and, in dev mode, the dev app's id, key and a ready userSig: once the host has
/// started (Orleans up, store open, listening), so that it comes after the startup logs, as the last thing on the console.
/// </summary>
internal sealed partial class StartupBanner(IServer server, DevApp devApp, Edges.Admin.AdminKey adminKey, Demo.DemoFiles demo, IOptions<ServerOptions> options, IHostApplicationLifetime lifetime, ReadinessState readiness, Sfu.SfuEngine media, HttpsSetup https, ILogger<StartupBanner> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(Print);
        lifetime.ApplicationStopping.Register(readiness.MarkStopping);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The settings an operator chose against the defaults' safety, said once at every start.</summary>
    private void WarnAboutExposure(ICollection<string> addresses)
    {
        var value = options.Value;
        if (value.Dev && value.DevExpose)
        {
            LogDevExposed(logger, string.Join(", ", addresses));
        }

        if (value.Cluster.Membership == "redis" && !value.Cluster.Tls.IsConfigured && value.Cluster.AllowInsecure)
        {
            LogInsecureCluster(logger, value.Cluster.SiloPort);
        }
    }

    [LoggerMessage(EventId = 10, Level = LogLevel.Warning, Message = "--dev-expose: dev mode listens on {Urls}; anyone who reaches it can sign in to the demo and get userSigs of the dev app")]
    private static partial void LogDevExposed(ILogger logger, string urls);

    [LoggerMessage(EventId = 11, Level = LogLevel.Warning, Message = "Cluster:AllowInsecure: the silo port {SiloPort} has no TLS; any machine that reaches it can call every grain")]
    private static partial void LogInsecureCluster(ILogger logger, int siloPort);

    private void Print()
    {
        readiness.MarkReady();
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        WarnAboutExposure(addresses);
        // The HTTPS address when there is one: the URL a phone (or any other device) can open with its camera allowed.
        var http = addresses.FirstOrDefault(a => a.StartsWith("https://", StringComparison.Ordinal)) ?? addresses.FirstOrDefault() ?? options.Value.Urls;
        var ws = http.Replace("http://", "ws://", StringComparison.Ordinal).Replace("https://", "wss://", StringComparison.Ordinal);
        var lines = new List<string>
        {
            string.Empty,
            "OpenLive is running",
            $"  HTTP:      {http}",
            $"  Signaling: {ws}/signal",
            $"  Health:    {http}/healthz",
            $"  Media UDP: {MediaLine(media)}",
            $"  Media TCP: {(media.TcpEndPoints.Count > 0 ? string.Join(", ", media.TcpEndPoints) : "off (OpenLive:Media:TcpEnabled=false)")} (ICE over TCP)",
            $"  Data:      {Path.GetFullPath(options.Value.DataDirectory)}",
            $"  Admin API: {http}/admin/v1 (Authorization: Bearer <{(adminKey.IsConfigured ? "OpenLive:AdminKey" : "key in " + adminKey.FilePath)}>)",
            $"  Metrics:   {http}/metrics (the same bearer key)",
        };
        lines.InsertRange(3, https.BannerLines(addresses));
        AddDemo(lines, BrowsableUrl(http));
        if (devApp.App is { } app)
        {
            var sig = new UserSigGenerator(app.SdkAppId, app.SecretKey).GenUserSig("demo_user", 86400);
            lines.Add(string.Empty);
            lines.Add("Dev app (also in " + Path.Combine(options.Value.DataDirectory, DevApp.FileName) + "):");
            lines.Add($"  sdkAppId:  {app.SdkAppId}");
            lines.Add($"  key:       {app.SecretKey}");
            lines.Add($"  userSig for \"demo_user\" (24 h): {sig}");
            lines.Add($"  more:      ./run.sh usersig gen --app-id {app.SdkAppId} --key {app.SecretKey} --user alice");
        }

        lines.Add(string.Empty);
        // The host's own "Application started. Press Ctrl+C" is a framework log, at Warning by default (ServerLogging).
        lines.Add("Ready. Ctrl+C stops the server.");
        lines.Add(string.Empty);
        Console.Out.WriteLine(string.Join(Environment.NewLine, lines));
        Console.Out.Flush();
    }

    /// <summary>
    /// The demo's URL, and the admin page's: in dev mode with the admin key in the fragment, which the browser keeps to
    /// itself (fragments are never sent to the server), so the page is one click from the console.
    /// </summary>
    private void AddDemo(List<string> lines, string http)
    {
        lines.Add($"  Demo:      {http}/{(demo.IsBuilt ? string.Empty : "  (not built yet: ./run.sh builds it; that page says how)")}");
        lines.Add(options.Value.Dev
            ? $"  Admin UI:  {http}/admin.html#key={adminKey.Value}"
            : $"  Admin UI:  {http}/admin.html (asks for the admin key)");
    }

    /// <summary>What media binds and what it tells clients: "[::]:7882 (all interfaces, IPv4 and IPv6), announced 192.0.2.10, 2001:db8::10".</summary>
    internal static string MediaLine(Sfu.SfuEngine media) =>
        $"{media.BindDescription}, announced {media.AnnouncedDescription}";

    /// <summary>A listen URL a browser can open: the wildcard hosts become localhost (a secure context: camera allowed).</summary>
    internal static string BrowsableUrl(string listenUrl)
    {
        if (!Uri.TryCreate(listenUrl, UriKind.Absolute, out var uri))
        {
            return listenUrl.TrimEnd('/');
        }

        var host = uri.Host is "0.0.0.0" or "[::]" or "::" or "+" or "*" ? "localhost" : uri.Host;
        return new UriBuilder(uri) { Host = host }.Uri.GetLeftPart(UriPartial.Authority);
    }
}

/// <summary>Ready once the host has started (Orleans up, store open, listening).</summary>
internal sealed class ReadinessState
{
    private volatile bool _ready;
    private volatile bool _stopping;

    public bool IsReady => _ready;

    /// <summary>The node is shutting down (draining): health answers 503 "draining".</summary>
    public bool IsStopping => _stopping;

    public void MarkReady() => _ready = true;

    public void MarkStopping()
    {
        _stopping = true;
        _ready = false;
    }
}
