using System.Text.Json;
using OpenLive.Testing;

namespace OpenLive.Cli.Tests;

/// <summary><c>openlive app</c> against a running server.</summary>
public sealed class AppCommandTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private TestServer Server => shared.Server;

    [Fact]
    public void Create_ThenList()
    {
        var server = Server.Url.ToString();
        var created = CliRun.Run("app", "create", "--server", server, "--admin-key", Server.AdminKey, "--name", "cli-made", "--app-id", "1400000777", "--json");
        Assert.Equal(0, created.ExitCode);
        using var app = JsonDocument.Parse(created.Output);
        Assert.Equal(1400000777u, app.RootElement.GetProperty("sdkAppId").GetUInt32());
        Assert.Equal(64, app.RootElement.GetProperty("key").GetString()!.Length);

        var list = CliRun.Run("app", "list", "--server", server, "--data", Server.DataDirectory);
        Assert.Equal(0, list.ExitCode);
        Assert.Contains("1400000777", list.Output, StringComparison.Ordinal);
        Assert.Contains("cli-made", list.Output, StringComparison.Ordinal);

        var again = CliRun.Run("app", "create", "--server", server, "--admin-key", Server.AdminKey, "--app-id", "1400000777");
        Assert.Equal(4, again.ExitCode);
        Assert.Contains("8004", again.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void WrongKey_Unreachable_AndMissingKey_HaveTheirExitCodes()
    {
        Assert.Equal(5, CliRun.Run("app", "list", "--server", Server.Url.ToString(), "--admin-key", "nope").ExitCode);
        Assert.Equal(6, CliRun.Run("app", "list", "--server", $"http://127.0.0.1:{TestServer.FreePort()}", "--admin-key", "k").ExitCode);
        var missing = CliRun.Run("app", "list", "--server", Server.Url.ToString(), "--data", "/nonexistent");
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("OPENLIVE_ADMIN_KEY", missing.Error, StringComparison.Ordinal);
    }
}
