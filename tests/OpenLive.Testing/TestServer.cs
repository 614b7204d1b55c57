using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using OpenLive.Core.Auth;
using OpenLive.Server.Apps;
using OpenLive.Sdk;
using OpenLive.Server.Hosting;
using Xunit;

namespace OpenLive.Testing;

/// <summary>
/// The real server, in-process, on loopback with an OS-assigned HTTP port, its own Orleans ports, a temporary data
/// directory and the dev app. Optionally on a fake clock.
/// </summary>
public sealed class TestServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string? _ownedDataDirectory;

    private TestServer(WebApplication app, string? ownedDataDirectory, TimeProvider clock)
    {
        _app = app;
        _ownedDataDirectory = ownedDataDirectory;
        DataDirectory = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ServerOptions>>().Value.DataDirectory;
        Clock = clock;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Url = new Uri(address);
        // Without dev mode (extraArgs "--dev=false") there is no dev app: AppId 0, no key.
        var dev = app.Services.GetRequiredService<DevApp>().App;
        AppId = dev?.SdkAppId ?? 0;
        Key = dev?.SecretKey ?? string.Empty;
    }

    public Uri Url { get; }

    public string DataDirectory { get; }

    /// <summary>The admin API key.</summary>
    public string AdminKey => _app.Services.GetRequiredService<OpenLive.Server.Edges.Admin.AdminKey>().Value;

    public uint AppId { get; }

    public string Key { get; }

    public TimeProvider Clock { get; }

    public IServiceProvider Services => _app.Services;

    public static Task<TestServer> StartAsync(TimeProvider? clock = null, params string[] extraArgs) => StartAsync(clock, null, extraArgs);

    /// <summary>A server whose services <paramref name="configureServices"/> may add to or replace (e.g. a log capture).</summary>
    public static Task<TestServer> StartWithServicesAsync(Action<IServiceCollection> configureServices, params string[] extraArgs) =>
        StartAsync(null, configureServices, extraArgs);

    private static async Task<TestServer> StartAsync(TimeProvider? clock, Action<IServiceCollection>? configureServices, string[] extraArgs)
    {
        var data = extraArgs.SkipWhile(a => a != "--data").Skip(1).FirstOrDefault()
            ?? Path.Combine(Path.GetTempPath(), "openlive-test-" + Guid.NewGuid().ToString("N"));
        var ownsData = !extraArgs.Contains("--data");
        string[] args =
        [
            "--urls", "http://127.0.0.1:0",
            "--media-port", "0",
            .. ownsData ? new[] { "--data", data } : [],
            // A lone node's silo takes any free loopback port; a cluster node's must be one it can advertise, claimed
            // below the ephemeral range (no pick-then-bind race either way).
            "--silo-port", extraArgs.Contains("--cluster") ? FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture) : "0",
            "--dev",
            .. extraArgs,
        ];
        var app = ServerHost.Build(args, services =>
        {
            if (clock is not null)
            {
                services.AddKeyedSingleton(ServerClock.Key, clock);
            }

            configureServices?.Invoke(services);
        });
        await app.StartAsync().ConfigureAwait(false);
        return new TestServer(app, ownsData ? data : null, clock ?? TimeProvider.System);
    }

    /// <summary>A userSig for <paramref name="userId"/> issued now on the server's clock.</summary>
    public string Sig(string userId, long expireSeconds = 3600) => new UserSigGenerator(AppId, Key, Clock).GenUserSig(userId, expireSeconds);

    public LiveClient NewClient(Action<LiveClientOptions>? configure = null)
    {
        var options = new LiveClientOptions { ServerUrl = Url, SdkAppId = AppId };
        configure?.Invoke(options);
        return new LiveClient(options);
    }

    /// <summary>A client logged in as <paramref name="userId"/> (on device class <paramref name="device"/>, the default's when empty).</summary>
    public async Task<LiveClient> LoggedInClientAsync(string userId, string device = "")
    {
        var client = NewClient(o => o.Device = device);
        await client.LoginAsync(userId, Sig(userId)).ConfigureAwait(false);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        try
        {
            if (_ownedDataDirectory is not null)
            {
                Directory.Delete(_ownedDataDirectory, recursive: true);
            }
        }
        catch (IOException)
        {
            // A file still held open; the temp folder is cleaned by the OS.
        }
    }

    /// <summary>A loopback port for something that binds it later, or for nothing to listen on (<see cref="TestPorts"/>).</summary>
    public static int FreePort() => TestPorts.Claim();
}

/// <summary>One real-clock server shared by the tests of a class.</summary>
public sealed class SharedServer : IAsyncLifetime
{
    private TestServer? _server;

    public TestServer Server => _server ?? throw new InvalidOperationException("the shared server did not start");

    public async ValueTask InitializeAsync() => _server = await TestServer.StartAsync().ConfigureAwait(false);

    // A server that failed to start has nothing to stop: its start's exception is the one to report, once.
    public ValueTask DisposeAsync() => _server?.DisposeAsync() ?? ValueTask.CompletedTask;
}
