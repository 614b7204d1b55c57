using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using OpenLive.Server.Hosting;
using OpenLive.Testing;

namespace OpenLive.Server.Tests.Hosting;

/// <summary>
/// The files in deploy/ as an operator installs them: the systemd unit passes <c>systemd-analyze verify</c> (when the
/// machine has systemd's tools) and holds the hardening and drain settings docs/operations.md describes, the example
/// production settings are valid server settings, and publish.sh publishes the CLI self-contained. (nginx -t on the
/// shipped nginx config runs in tests/web/demo/https.test.ts, with nginx in front of a real server.)
/// </summary>
public sealed class DeployFilesTests
{
    private static readonly string Unit = RepoPaths.InRoot("deploy", "systemd", "openlive.service");

    private static Dictionary<string, string> UnitKeys() => File.ReadAllLines(Unit)
        .Select(l => l.Trim())
        .Where(l => l.Length > 0 && l[0] is not ('#' or '[') && l.Contains('=', StringComparison.Ordinal))
        .Select(l => l.Split('=', 2))
        .GroupBy(p => p[0]).ToDictionary(g => g.Key, g => g.Last()[1], StringComparer.Ordinal);

    [Fact]
    public void TheSystemdUnit_RunsAsItsOwnUser_Sandboxed_WithTheDataDir_Restarted_AndDrainsOnSigterm()
    {
        var keys = UnitKeys();
        Assert.Equal("openlive", keys["User"]);
        Assert.Equal("strict", keys["ProtectSystem"]);
        Assert.Equal("openlive", keys["StateDirectory"]);
        Assert.Equal("0077", keys["UMask"]);
        Assert.Equal("on-failure", keys["Restart"]);
        Assert.Equal("SIGTERM", keys["KillSignal"]);
        Assert.Equal("yes", keys["NoNewPrivileges"]);
        Assert.Equal("/opt/openlive/openlive serve --data /var/lib/openlive", keys["ExecStart"]);
        // The host's drain (ShutdownTests) must fit in the stop timeout before systemd's SIGKILL.
        Assert.True(int.Parse(keys["TimeoutStopSec"], System.Globalization.CultureInfo.InvariantCulture) >= 35);
    }

    [Fact]
    public async Task TheSystemdUnit_PassesSystemdAnalyzeVerify()
    {
        var analyze = new[] { "/usr/bin/systemd-analyze", "/bin/systemd-analyze" }.FirstOrDefault(File.Exists);
        Assert.True(analyze is not null || !OperatingSystem.IsLinux() || !File.Exists("/usr/bin/systemctl"),
            "systemd is installed but systemd-analyze is not");
        if (analyze is null)
        {
            return; // no systemd on this machine: the key check above is the check
        }

        // The binary is not installed here: point ExecStart at one that exists, the rest of the unit as shipped.
        var folder = Directory.CreateTempSubdirectory("openlive-unit-");
        try
        {
            var copy = Path.Combine(folder.FullName, "openlive.service");
            await File.WriteAllTextAsync(copy, (await File.ReadAllTextAsync(Unit, TestContext.Current.CancellationToken))
                .Replace("/opt/openlive/openlive serve", "/bin/true serve", StringComparison.Ordinal), TestContext.Current.CancellationToken);
            var start = new ProcessStartInfo(analyze, ["verify", copy]) { RedirectStandardError = true, RedirectStandardOutput = true };
            using var process = Process.Start(start)!;
            var errors = await process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            var output = await process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            await process.WaitForExitAsync(TestContext.Current.CancellationToken);
            // verify exits 0 even for unknown keys or bad values; it reports them on stderr, which must stay empty.
            Assert.True(process.ExitCode == 0 && errors.Trim().Length == 0, $"systemd-analyze verify: exit {process.ExitCode}\n{errors}\n{output}");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void TheExampleProductionSettings_AreValidServerSettings()
    {
        var configuration = new ConfigurationBuilder().AddJsonFile(RepoPaths.InRoot("deploy", "appsettings.Production.json")).Build();
        // OpenLive:Media is the SFU's section (bound below); every other key must be a server setting (no typo passes).
        var known = typeof(ServerOptions).GetProperties().Select(p => p.Name).Append("Media").ToHashSet(StringComparer.OrdinalIgnoreCase);
        Assert.All(configuration.GetSection(ServerOptions.Section).GetChildren(), c => Assert.Contains(c.Key, known));
        var options = configuration.GetSection(ServerOptions.Section).Get<ServerOptions>()!;
        Assert.False(new ServerOptionsValidator().Validate(null, options).Failed);
        Assert.Equal("127.0.0.1", options.Https.KnownProxies); // nginx on the same machine
        Assert.False(options.Dev);
        var media = configuration.GetSection(ServerHost.MediaSection).Get<OpenLive.Sfu.SfuOptions>(o => o.ErrorOnUnknownConfiguration = true)!;
        Assert.Equal("0.0.0.0", media.BindAddress);
        Assert.NotEmpty(media.AnnouncedAddresses);
        Assert.DoesNotContain(HttpsHosting.ParseProxies(options.Https.KnownProxies), p => p.PrefixLength == 0); // never "everyone is a proxy"
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void PublishSh_PublishesTheCli_SelfContained_ForLinuxX64_IntoArtifacts()
    {
        var script = File.ReadAllText(RepoPaths.InRoot("deploy", "publish.sh"));
        Assert.Contains("dotnet publish src/OpenLive.Cli -c Release -r \"$RID\" --self-contained", script, StringComparison.Ordinal);
        Assert.Contains("RID=\"${1:-linux-x64}\"", script, StringComparison.Ordinal);
        Assert.Contains("OUT=\"artifacts/publish/openlive-$RID\"", script, StringComparison.Ordinal);
        Assert.True((File.GetUnixFileMode(RepoPaths.InRoot("deploy", "publish.sh")) & UnixFileMode.UserExecute) != 0, "publish.sh is executable");
    }
}
