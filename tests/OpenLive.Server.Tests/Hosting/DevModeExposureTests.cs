using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenLive.Server.Hosting;

namespace OpenLive.Server.Tests.Hosting;

/// <summary>
/// Dev mode hands out userSigs of the dev app to anyone who asks (the demo's sign-in): it stays on loopback unless the
/// operator says <c>--dev-expose</c>, and then the server warns.
/// </summary>
public sealed class DevModeExposureTests
{
    private static string NewData() => Path.Combine(Path.GetTempPath(), "openlive-test-" + Guid.NewGuid().ToString("N"));

    [Theory]
    [InlineData("http://0.0.0.0:0")]
    [InlineData("http://[::]:0")]
    [InlineData("http://+:0")]
    [InlineData("http://*:0")]
    [InlineData("http://192.0.2.2:0")]
    [InlineData("http://127.0.0.1:0;http://0.0.0.0:0")]
    public void DevMode_OnANonLoopbackAddress_RefusesToStart_WithoutDevExpose(string urls)
    {
        var failure = Assert.Throws<OptionsValidationException>(() => ServerHost.Build(["--dev", "--data", NewData(), "--urls", urls]));
        Assert.Contains("--dev-expose", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DevMode_WithAKestrelEndpointOnAllInterfaces_RefusesToStart_WithoutDevExpose()
    {
        var failure = Assert.Throws<OptionsValidationException>(() => ServerHost.Build(
            ["--dev", "--data", NewData(), "--Kestrel:Endpoints:Lan:Url=http://0.0.0.0:0"]));
        Assert.Contains("--dev-expose", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:0")]
    [InlineData("http://localhost:0")]
    [InlineData("http://[::1]:0")]
    public async Task DevMode_OnLoopback_NeedsNothingMore(string urls)
    {
        await using var app = ServerHost.Build(["--dev", "--data", NewData(), "--urls", urls]);
        Assert.NotNull(app);
    }

    [Fact]
    public async Task DevExpose_StartsOnAllInterfaces_AndWarns()
    {
        var logs = new CapturedLogs();
        var data = NewData();
        await using (var app = ServerHost.Build(
            ["--dev", "--dev-expose", "--data", data, "--urls", "http://0.0.0.0:0", "--media-port", "0",
             "--silo-port", "0"],
            services => services.AddSingleton<ILoggerProvider>(logs)))
        {
            await app.StartAsync(TestContext.Current.CancellationToken);
            Assert.Contains(logs.Lines, l => l.StartsWith("Warning ", StringComparison.Ordinal) && l.Contains("--dev-expose", StringComparison.Ordinal));
            await app.StopAsync(TestContext.Current.CancellationToken);
        }

        Directory.Delete(data, recursive: true);
    }
}
