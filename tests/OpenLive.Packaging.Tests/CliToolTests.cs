namespace OpenLive.Packaging.Tests;

/// <summary>
/// The openlive tool as a user installs it (docs/cli.md): <c>dotnet tool install --prerelease --add-source &lt;feed&gt;
/// OpenLive.Cli</c>, here into a tool path of the test's own, then its command run from there.
/// </summary>
[Collection(PackedFeedGroup.Name)]
public sealed class CliToolTests(PackedFeed feed)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Cli_InstalledFromTheFeed_RunsAsOpenlive_WithThePackedVersion()
    {
        var tools = Path.Combine(feed.Root, "tools");
        // A packages folder of its own: a tool package of the same version cached by an earlier run is never used.
        var environment = new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(feed.Root, "tool-packages") };
        var (installed, installOutput) = await ProcessRun.RunAsync(feed.Root, Deadline, environment,
            "tool", "install", "--tool-path", tools, "--prerelease", "--add-source", feed.Feed, PackedFeed.Tool);
        Assert.True(installed == 0, $"dotnet tool install failed ({installed}):{Environment.NewLine}{installOutput}");

        var openlive = Path.Combine(tools, OperatingSystem.IsWindows() ? "openlive.exe" : "openlive");
        var (versionExit, version) = await ProcessRun.RunProgramAsync(openlive, feed.Root, Deadline, null, "--version");
        Assert.True(versionExit == 0, $"openlive --version exited {versionExit}:{Environment.NewLine}{version}");
        // The informational version: the package's version, then + and the commit it was built from.
        Assert.Matches($"^{System.Text.RegularExpressions.Regex.Escape(feed.Version)}\\+[0-9a-f]{{40}}$", version.Trim());

        var (errorsExit, errors) = await ProcessRun.RunProgramAsync(openlive, feed.Root, Deadline, null, "errors", "8051");
        Assert.True(errorsExit == 0, $"openlive errors 8051 exited {errorsExit}:{Environment.NewLine}{errors}");
        Assert.StartsWith("ILiveSDK 8051 ERR_EXPIRE", errors, StringComparison.Ordinal);
    }
}
