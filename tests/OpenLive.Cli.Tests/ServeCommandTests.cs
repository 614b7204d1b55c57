using System.Net;
using System.Net.Sockets;
using OpenLive.Testing;

namespace OpenLive.Cli.Tests;

public sealed class ServeCommandTests
{
    [Fact]
    public void InvalidSettings_AreReportedPlainly_WithExitCode2()
    {
        var result = CliRun.Run("serve", "--urls", "http://127.0.0.1:0", "--data", Path.Combine(Path.GetTempPath(), "openlive-bad-" + Guid.NewGuid().ToString("N")),
            "--OpenLive:MaxFramesPerSecond=0", "--OpenLive:Cluster:Membership=zookeeper");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("openlive: invalid setting:", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DevMode_OnAllInterfaces_WithoutDevExpose_IsRefused_WithExitCode2()
    {
        var data = Path.Combine(Path.GetTempPath(), "openlive-expose-" + Guid.NewGuid().ToString("N"));
        // Before --dev-expose existed this server started and served dev userSigs to the network: bounded, not hung.
        var result = await Task.Run(() => CliRun.Run("serve", "--dev", "--urls", "http://0.0.0.0:0", "--data", data, "--media-port", "0"))
            .WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--dev-expose", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void ATakenMediaPort_IsOneClearLine_AndExitCode4()
    {
        using var taken = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        taken.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)taken.LocalEndPoint!).Port;
        var data = Path.Combine(Path.GetTempPath(), "openlive-serve-" + Guid.NewGuid().ToString("N"));
        try
        {
            var result = CliRun.Run(
                "serve", "--dev", "--urls", "http://127.0.0.1:0", "--data", data, "--media-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--silo-port", TestServer.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--gateway-port", TestServer.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture));

            Assert.Equal(4, result.ExitCode);
            Assert.Contains($"media UDP port 127.0.0.1:{port} cannot be bound", result.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
        }
        finally
        {
            try
            {
                Directory.Delete(data, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
