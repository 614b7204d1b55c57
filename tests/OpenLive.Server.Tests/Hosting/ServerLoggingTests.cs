using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenLive.Server.Hosting;

namespace OpenLive.Server.Tests.Hosting;

/// <summary>The frameworks log at Warning unless configured otherwise; OpenLive's own categories at Information.</summary>
public sealed class ServerLoggingTests
{
    [Fact]
    public async Task Defaults_QuietTheFrameworks_NotOpenLive()
    {
        await using var app = ServerHost.Build(["--dev=false"]);
        var logs = app.Services.GetRequiredService<ILoggerFactory>();
        Assert.False(logs.CreateLogger("Orleans.Runtime.Silo").IsEnabled(LogLevel.Information));
        Assert.True(logs.CreateLogger("Orleans.Runtime.Silo").IsEnabled(LogLevel.Warning));
        Assert.False(logs.CreateLogger("Microsoft.Hosting.Lifetime").IsEnabled(LogLevel.Information));
        Assert.False(logs.CreateLogger("System.Net.Http.HttpClient.Default").IsEnabled(LogLevel.Information));
        Assert.True(logs.CreateLogger("OpenLive.Server.Apps.DevApp").IsEnabled(LogLevel.Information));
        Assert.False(logs.CreateLogger("OpenLive.Server.Apps.DevApp").IsEnabled(LogLevel.Debug));
    }

    [Fact]
    public async Task Configuration_OverridesTheDefaults()
    {
        await using var app = ServerHost.Build(["--dev=false", "--Logging:LogLevel:Orleans=Information", "--Logging:LogLevel:Default=Warning"]);
        var logs = app.Services.GetRequiredService<ILoggerFactory>();
        Assert.True(logs.CreateLogger("Orleans.Runtime.Silo").IsEnabled(LogLevel.Information));
        Assert.False(logs.CreateLogger("OpenLive.Server.Apps.DevApp").IsEnabled(LogLevel.Information));
    }
}
