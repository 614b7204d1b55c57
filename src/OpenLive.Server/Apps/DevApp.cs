using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenLive.Server.Hosting;
using OpenLive.Server.Storage;

namespace OpenLive.Server.Apps;

/// <summary>
/// Dev mode: the app <see cref="SdkAppId"/> is created once with a random key and written to
/// <c>{data}/dev-app.json</c> as <c>{"sdkAppId":…,"key":"…"}</c> for tools of the same user to read (owner-only).
/// </summary>
internal sealed partial class DevApp(IAppStore apps, IOptions<ServerOptions> options, ILogger<DevApp> logger) : IHostedService
{
    public const uint SdkAppId = 1400000000;
    public const string FileName = "dev-app.json";

    public AppRecord? App { get; private set; }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.Dev)
        {
            return Task.CompletedTask;
        }

        // A 64-hex-character key, the shape of a Tencent console key.
        if (apps.TryCreate(SdkAppId, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)), "dev", requirePrivateMapKey: false, out _))
        {
            LogCreated(logger, SdkAppId);
        }

        App = apps.Find(SdkAppId)!;
        var path = Path.Combine(options.Value.DataDirectory, FileName);
        PrivateFiles.EnsureDirectory(options.Value.DataDirectory);
        PrivateFiles.WriteAllText(path, JsonSerializer.Serialize(new DevAppFile(App.SdkAppId, App.SecretKey), DevAppJson.Default.DevAppFile));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Created the dev app {SdkAppId}")]
    private static partial void LogCreated(ILogger logger, uint sdkAppId);
}

/// <summary>The dev-app.json document.</summary>
internal sealed record DevAppFile(uint SdkAppId, string Key);

[System.Text.Json.Serialization.JsonSourceGenerationOptions(PropertyNamingPolicy = System.Text.Json.Serialization.JsonKnownNamingPolicy.CamelCase)]
[System.Text.Json.Serialization.JsonSerializable(typeof(DevAppFile))]
internal sealed partial class DevAppJson : System.Text.Json.Serialization.JsonSerializerContext;
