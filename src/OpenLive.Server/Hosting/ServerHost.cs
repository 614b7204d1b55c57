using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenLive.Server.Apps;
using OpenLive.Server.Edges.Signaling;
using OpenLive.Server.Storage;

namespace OpenLive.Server.Hosting;

/// <summary>Builds the server: ASP.NET Core with Orleans co-hosted in the same process.</summary>
public static class ServerHost
{
    // Flags that map onto OpenLive:* settings; `--urls` is ASP.NET Core's own.
    private static readonly Dictionary<string, string> SwitchMappings = new(StringComparer.Ordinal)
    {
        ["--dev"] = "OpenLive:Dev",
        ["--dev-expose"] = "OpenLive:DevExpose",
        ["--data"] = "OpenLive:DataDirectory",
        ["--media-port"] = "OpenLive:MediaPort",
        ["--admin-key"] = "OpenLive:AdminKey",
        ["--demo-path"] = "OpenLive:Demo:Path",
        ["--cluster"] = "OpenLive:Cluster:Membership",
        ["--cluster-connection"] = "OpenLive:Cluster:ConnectionString",
        ["--silo-port"] = "OpenLive:Cluster:SiloPort",
        ["--gateway-port"] = "OpenLive:Cluster:GatewayPort",
        ["--cluster-cert"] = "OpenLive:Cluster:Tls:CertificatePath",
        ["--cluster-ca"] = "OpenLive:Cluster:Tls:CaCertificatePath",

        // Network reach: media addresses.
        ["--media-bind"] = MediaSection + ":BindAddress",
        ["--media-public-address"] = MediaSection + ":AnnouncedAddresses",

        // Network reach: ICE over TCP.
        ["--media-tcp-port"] = "OpenLive:Media:TcpPort",

        // Network reach: TURN credentials.
        ["--turn-url"] = "OpenLive:Turn:Urls:0",
        ["--turn-secret-file"] = "OpenLive:Turn:SecretFile",
        ["--turn-credential-lifetime"] = "OpenLive:Turn:CredentialLifetime",

        // Network reach: the embedded TURN server.
        ["--turn-embedded"] = "OpenLive:Turn:Embedded:Enabled",
        ["--turn-port"] = "OpenLive:Turn:Embedded:UdpPort",
        ["--turn-tcp-port"] = "OpenLive:Turn:Embedded:TcpPort",
        ["--turn-relay-ports"] = "OpenLive:Turn:Embedded:RelayPortRange",

        // Network reach: HTTPS.
        ["--https-cert"] = "OpenLive:Https:CertificatePath",
        ["--https-key"] = "OpenLive:Https:KeyPath",
        ["--https-pfx"] = "OpenLive:Https:PfxPath",
        ["--https-pfx-password-file"] = "OpenLive:Https:PfxPasswordFile",
        ["--https-redirect"] = "OpenLive:Https:RedirectHttp",
        ["--https-hsts"] = "OpenLive:Https:Hsts",
        ["--known-proxies"] = "OpenLive:Https:KnownProxies",
        ["--lan"] = "OpenLive:Lan",
    };

    /// <summary>SQLite for one node; Redis when nodes on several machines must share apps and tinyIds.</summary>
    private static void AddStore(IServiceCollection services, ServerOptions options)
    {
        var kind = options.Store.Kind == "auto" ? (options.Cluster.Membership == "redis" ? "redis" : "sqlite") : options.Store.Kind;
        if (kind == "redis")
        {
            var connection = options.Store.ConnectionString ?? options.Cluster.ConnectionString;
            if (string.IsNullOrWhiteSpace(connection))
            {
                throw new OptionsValidationException(ServerOptions.Section, typeof(ServerOptions), ["OpenLive:Store:ConnectionString (or the cluster's) is required for the redis store."]);
            }

            services.AddSingleton<StackExchange.Redis.IConnectionMultiplexer>(_ => StackExchange.Redis.ConnectionMultiplexer.Connect(connection));
            services.AddSingleton(sp => new RedisStore(
                sp.GetRequiredService<StackExchange.Redis.IConnectionMultiplexer>(),
                options.Cluster.ClusterId,
                sp.GetRequiredKeyedService<TimeProvider>(ServerClock.Key)));
            services.AddSingleton<IAppStore>(sp => sp.GetRequiredService<RedisStore>());
            services.AddSingleton<IUserDirectory>(sp => sp.GetRequiredService<RedisStore>());
            return;
        }

        services.AddSingleton<IAppStore, SqliteAppStore>();
        services.AddSingleton<IUserDirectory, SqliteUserDirectory>();
    }

    /// <summary>Creates the application. <paramref name="configureServices"/> lets tests replace services (e.g. the clock).</summary>
    public static WebApplication Build(string[] args, Action<IServiceCollection>? configureServices = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        RaiseThreadPoolFloor();
        args = HttpsHosting.ExpandFlags([.. args.Select(a => a is "--dev" or "--dev-expose" or "--turn-embedded" ? a + "=true" : a)]);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        ServerLogging.AddDefaults(builder.Configuration);
        builder.Configuration.AddCommandLine(args, SwitchMappings);

        var options = builder.Configuration.GetSection(ServerOptions.Section).Get<ServerOptions>() ?? new ServerOptions();
        var urls = builder.Configuration["urls"] is { Length: > 0 } given ? given : options.Urls;
        if (string.IsNullOrEmpty(builder.Configuration["urls"]))
        {
            builder.WebHost.UseUrls(ListenUrls.Split(options.Urls));
        }

        urls = HttpsHosting.Configure(builder, options, urls);

        // Kestrel's own endpoint settings bind too: they count as listen URLs.
        var kestrelUrls = builder.Configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(e => e["Url"]).OfType<string>();
        RefuseExposedDevMode(options, [.. ListenUrls.Split(urls), .. kestrelUrls]);

        builder.Services.AddOptions<ServerOptions>().Bind(builder.Configuration.GetSection(ServerOptions.Section)).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<ServerOptions>, ServerOptionsValidator>();

        var nodeIdentity = new NodeIdentity();
        builder.UseOrleans(silo =>
        {
            silo.Configure<Orleans.Configuration.SiloOptions>(o => o.SiloName = nodeIdentity.Id); // the cluster's view names nodes as /healthz does
            silo.AddPlacementDirector<Placement.LoadBasedPlacement, Placement.LoadBasedPlacementDirector>();
            var cluster = options.Cluster;
            switch (cluster.Membership)
            {
                case "localhost":
                    silo.UseLocalhostClustering(ClusterEndpoints.LocalSiloPort(cluster), cluster.GatewayPort, null, cluster.ClusterId, cluster.ClusterId);
                    ClusterEndpoints.ConfigureLocalNode(silo, cluster);
                    silo.AddMemoryGrainStorage(Grains.RoomStorage.Name); // one node: no other could take its rooms over
                    break;
                case "redis":
                    if (string.IsNullOrWhiteSpace(cluster.ConnectionString))
                    {
                        throw new OptionsValidationException(ServerOptions.Section, typeof(ServerOptions), ["OpenLive:Cluster:ConnectionString (--cluster-connection) is required for redis membership, e.g. 127.0.0.1:6379."]);
                    }

                    ClusterEndpoints.ConfigureRedisNode(silo, cluster);
                    silo.UseRedisClustering(cluster.ConnectionString);
                    var roomStore = string.IsNullOrWhiteSpace(options.Store.ConnectionString) ? cluster.ConnectionString : options.Store.ConnectionString;
                    silo.AddRedisGrainStorage(Grains.RoomStorage.Name, redis => redis.ConfigurationOptions = StackExchange.Redis.ConfigurationOptions.Parse(roomStore));
                    silo.Configure<Orleans.Configuration.ClusterOptions>(o =>
                    {
                        o.ClusterId = cluster.ClusterId;
                        o.ServiceId = cluster.ClusterId;
                    });
                    break;
                default:
                    throw new OptionsValidationException(ServerOptions.Section, typeof(ServerOptions), [$"Cluster membership '{cluster.Membership}' is not available in this build (localhost, redis)."]);
            }
        });

        builder.Services.TryAddKeyedSingleton(ServerClock.Key, TimeProvider.System);
        builder.Services.AddSingleton(sp => new SqliteDatabase(Path.Combine(sp.GetRequiredService<IOptions<ServerOptions>>().Value.DataDirectory, "openlive.db")));
        AddStore(builder.Services, options);
        if (options.Store.Messages == "postgres")
        {
            var connection = options.Store.PostgresConnectionString;
            if (string.IsNullOrWhiteSpace(connection))
            {
                throw new OptionsValidationException(ServerOptions.Section, typeof(ServerOptions), ["OpenLive:Store:PostgresConnectionString is required for the postgres message store."]);
            }

            builder.Services.AddSingleton<Im.IMessageStore>(_ => new Im.PostgresMessageStore(connection));
        }
        else if (options.Cluster.Membership == "redis")
        {
            throw new OptionsValidationException(ServerOptions.Section, typeof(ServerOptions), [
                "A cluster keeps its messages in PostgreSQL: set OpenLive:Store:Messages=postgres and OpenLive:Store:PostgresConnectionString. "
                + "Each node's own SQLite file would give members on different nodes different histories, and a node's loss would lose its messages."]);
        }
        else
        {
            builder.Services.AddSingleton<Im.IMessageStore, Im.SqliteMessageStore>();
        }
        builder.Services.AddSingleton(nodeIdentity);
        builder.Services.AddSingleton<ClusterMembershipLog>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ClusterMembershipLog>());
        builder.Services.AddSingleton<NodeFanout>();
        builder.Services.AddHostedService<NodeLossWatcher>();
        builder.Services.AddSingleton<Placement.NodeLoad>();
        builder.Services.AddSingleton<Placement.NodeLoadTable>();
        builder.Services.AddSingleton<Placement.NodeLoadBoard>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<Placement.NodeLoadBoard>());
        builder.Services.AddSingleton<Application.Rooms.RoleCatalog>();
        builder.Services.AddSingleton<Application.Login.UserSigVerifiers>();
        builder.Services.AddSingleton<Application.Login.LoginService>();
        builder.Services.AddSingleton<Application.Rooms.RoomEntryService>();
        builder.Services.AddSingleton<Application.Rooms.RoomListing>();
        builder.Services.AddSingleton<Application.Messaging.MessagingService>();
        builder.Services.AddSingleton<Application.LiveShow.LiveShowService>();
        builder.Services.AddSingleton<Application.Media.MediaService>();
        builder.Services.AddSingleton<Application.Egress.EgressService>();
        builder.Services.AddSingleton<Application.Calls.CallService>();
        builder.Services.AddOptions<Application.Calls.CallOptions>().Bind(builder.Configuration.GetSection(Application.Calls.CallOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<Application.Egress.EgressPolicyOptions>().Bind(builder.Configuration.GetSection(Application.Egress.EgressPolicyOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        Application.Turn.TurnServices.AddTurnCredentials(builder.Services, builder.Configuration);
        builder.Services.AddSingleton<SignalingRouter>();
        builder.Services.AddSingleton<Edges.HttpMedia.HttpMediaSessions>();
        builder.Services.AddSingleton<Edges.HttpMedia.HttpMediaEntry>();
        builder.Services.AddSingleton<ReadinessState>();
        builder.Services.AddSingleton<DevApp>();
        builder.Services.AddSingleton<Edges.Admin.AdminKey>();
        builder.Services.AddSingleton<Demo.DemoFiles>();
        builder.Services.AddSingleton<Demo.DemoShows>();
        builder.Services.AddSingleton<Observability.ServerMetrics>();
        builder.Services.AddHttpClient(Webhooks.WebhookDispatcher.HttpClientName);
        builder.Services.AddSingleton<Webhooks.WebhookDispatcher>();
        builder.Services.AddSingleton<Webhooks.IWebhooks>(sp => sp.GetRequiredService<Webhooks.WebhookDispatcher>());
        builder.Services.AddHostedService(sp => sp.GetRequiredService<Webhooks.WebhookDispatcher>());
        builder.Services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "OpenLive admin API";
            document.Info.Description = "Apps, users, rooms and messages of an OpenLive server. Authorization: Bearer <admin key>. Errors: {module, code, message} with iLiveSDK codes.";
            return Task.CompletedTask;
        }));
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter(Observability.ServerMetrics.MeterName).AddPrometheusExporter());
        builder.Services.AddHostedService(sp => sp.GetRequiredService<DevApp>());
        AddMedia(builder);
        // Egress: live outputs
        builder.Services.AddOptions<Application.Egress.LiveOutputOptions>().Bind(builder.Configuration.GetSection(Application.Egress.LiveOutputOptions.Section)).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<Application.Egress.LiveOutputOptions>, Application.Egress.LiveOutputOptionsValidator>();
        builder.Services.AddOptions<OpenLive.Egress.Ffmpeg.FfmpegOutputOptions>().Bind(builder.Configuration.GetSection(OpenLive.Egress.Ffmpeg.FfmpegOutputOptions.Section)).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<OpenLive.Egress.Ffmpeg.FfmpegOutputOptions>, OpenLive.Egress.Ffmpeg.FfmpegOutputOptionsValidator>();
        builder.Services.AddSingleton<Application.Egress.LiveOutputs>();
        builder.Services.AddSingleton<Edges.Hls.HlsDirectory>();
        EmbeddedTurnHost.Add(builder);
        builder.Services.AddHostedService<StartupBanner>();
        // Egress: recorder
        builder.Services.AddOptions<Application.Egress.RecordingStorageOptions>()
            .Bind(builder.Configuration.GetSection(Application.Egress.RecordingStorageOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<Application.Egress.RecordingCatalog>();
        builder.Services.AddSingleton<Edges.Recordings.RecordingLinks>();
        builder.Services.AddHostedService<Application.Egress.RecordingRecovery>();
        builder.Services.AddSingleton<Application.Egress.EgressHost>();
        builder.Services.AddSingleton<Application.Egress.IEgressHost>(sp => sp.GetRequiredService<Application.Egress.EgressHost>());
        configureServices?.Invoke(builder.Services);

        var app = builder.Build();
        // Roles and the room policy bind from configuration when first built: build them now, so a malformed value
        // (OpenLive:Roles:…, OpenLive:Rooms:SelfPromotion=maybe) stops the start instead of failing the first room request.
        _ = app.Services.GetRequiredService<Application.Rooms.RoleCatalog>();
        HttpsHosting.UsePipeline(app, options.Https);
        _ = app.Services.GetRequiredService<Application.Turn.TurnCredentialIssuer>(); // logs what it hands out (never the secret)
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.Zero });
        Demo.DemoHosting.UseDemo(app);
        app.MapSignaling();
        Edges.HttpMedia.HttpMediaEndpoints.MapHttpMedia(app);
        Edges.Hls.HlsEndpoints.MapHls(app);
        app.MapHealth();
        Edges.Admin.AdminEndpoints.MapAdmin(app);
        Edges.Recordings.RecordingFileEndpoints.MapRecordingFiles(app);
        Observability.MetricsEndpoint.MapMetrics(app);
        app.MapOpenApi("/openapi/{documentName}.json");
        if (options.Dev)
        {
            Demo.DevEndpoints.MapDemoDev(app);
        }

        return app;
    }

    /// <summary>
    /// Dev mode's sign-in hands out userSigs of the dev app to whoever asks: on an address other machines reach, that
    /// is anyone on the network. It stays on loopback unless <c>--dev-expose</c> says otherwise (then the banner warns).
    /// </summary>
    private static void RefuseExposedDevMode(ServerOptions options, IEnumerable<string> urls)
    {
        if (!options.Dev || options.DevExpose)
        {
            return;
        }

        var exposed = ListenUrls.NotLoopback(urls).ToArray();
        if (exposed.Length > 0)
        {
            throw new OptionsValidationException(ServerOptions.Section, typeof(ServerOptions),
                [$"--dev on {string.Join(", ", exposed)} would let anyone who reaches it get userSigs of the dev app: listen on 127.0.0.1 (the default), "
                    + "or add --dev-expose (OpenLive:DevExpose=true) to accept that on a trusted network."]);
        }
    }

    /// <summary>
    /// The SFU: options from <c>OpenLive:Media</c> (the port from <c>OpenLive:MediaPort</c> / <c>--media-port</c>), one
    /// engine per node, started and stopped with the host. Media runs on the real clock whatever the control plane's is.
    /// </summary>
    private static void AddMedia(WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<Sfu.SfuOptions>()
            .Bind(builder.Configuration.GetSection(MediaSection))
            .PostConfigure<IOptions<ServerOptions>>((media, server) =>
            {
                media.Port = server.Value.MediaPort;
                MediaAddressDefaults(builder.Configuration, media, server.Value);
            })
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton(sp => new Sfu.SfuEngine(
            sp.GetRequiredService<IOptions<Sfu.SfuOptions>>(),
            TimeProvider.System,
            sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<Sfu.SfuEngine>>()));
        builder.Services.AddHostedService<MediaHost>();
    }

    /// <summary>
    /// Where media binds when neither OpenLive:Media:BindAddress nor BindAddresses is set: loopback in dev mode (as the HTTP listener, unless
    /// --dev-expose), every interface, IPv4 and IPv6, otherwise. And --media-public-address (one value, commas between
    /// addresses) adds to OpenLive:Media:AnnouncedAddresses, which the binder only fills from indexed entries (:0, :1).
    /// </summary>
    private static void MediaAddressDefaults(ConfigurationManager configuration, Sfu.SfuOptions media, ServerOptions server)
    {
        if (string.IsNullOrWhiteSpace(configuration[MediaSection + ":BindAddress"]) && !configuration.GetSection(MediaSection + ":BindAddresses").GetChildren().Any())
        {
            media.BindAddress = server.Dev && !server.DevExpose ? "127.0.0.1" : "::";
        }

        if (configuration[MediaSection + ":AnnouncedAddresses"] is { Length: > 0 } announced && !media.AnnouncedAddresses.Contains(announced))
        {
            media.AnnouncedAddresses.Add(announced);
        }
    }

    /// <summary>Configuration section of the media plane.</summary>
    public const string MediaSection = "OpenLive:Media";

    /// <summary>
    /// The IM store's calls are synchronous (SQLite has no asynchronous I/O; the PostgreSQL store shares its contract),
    /// so each holds a pool thread for its round trip. With .NET's default floor of one thread per core, a burst of
    /// joins or messages on a small machine starved the pool for seconds — and Orleans' liveness probes, answered on the
    /// same pool, timed out behind them (the cluster failover test saw 10 s joins and 0.5 s probes missed on 2 cores).
    /// The pool starts threads at once up to this floor instead of one every half second.
    /// </summary>
    private static void RaiseThreadPoolFloor()
    {
        const int Floor = 64;
        ThreadPool.GetMinThreads(out var workers, out var io);
        if (workers < Floor)
        {
            ThreadPool.SetMinThreads(Floor, io);
        }
    }
}
