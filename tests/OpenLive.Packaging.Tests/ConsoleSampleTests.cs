using OpenLive.Testing;

namespace OpenLive.Packaging.Tests;

/// <summary>samples/dotnet-console, built outside the repository against the packed packages only, run against the real server.</summary>
[Collection(PackedFeedGroup.Name)]
public sealed class ConsoleSampleTests(PackedFeed feed)
{
    private static readonly TimeSpan RunDeadline = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task ConsoleSample_FromTheFeed_CompletesItsScript_AndFailsWithTheCode_OnABadKey()
    {
        var sample = await SampleCopy.BuildFromFeedAsync(feed, "dotnet-console", "OpenLive.Sdk");
        var dll = Path.Combine(sample, "bin", "Debug", "net10.0", "OpenLiveConsoleSample.dll");

        await using var server = await TestServer.StartAsync();
        string[] arguments = [dll, "--server", server.Url.ToString(), "--app-id", server.AppId.ToString(System.Globalization.CultureInfo.InvariantCulture), "--timeout", "120"];
        var (exit, output) = await ProcessRun.RunAsync(sample, RunDeadline, new Dictionary<string, string> { ["OPENLIVE_SECRET_KEY"] = server.Key }, arguments);
        Assert.True(exit == 0, $"the console sample exited {exit}:{Environment.NewLine}{output}");
        Assert.Contains("host received \"hello from the audience\" from sample_viewer", output, StringComparison.Ordinal);
        Assert.Contains("viewer received \"welcome to the show\" from sample_host", output, StringComparison.Ordinal);
        Assert.Matches(@"viewer received \d+ camera packets", output);
        Assert.Contains("sample: script complete", output, StringComparison.Ordinal);
        Assert.DoesNotContain(server.Key, output, StringComparison.Ordinal);

        // A userSig signed with another key: login fails, and the sample says with which iLiveSDK code, exiting non-zero.
        (exit, output) = await ProcessRun.RunAsync(sample, RunDeadline, new Dictionary<string, string> { ["OPENLIVE_SECRET_KEY"] = new string('0', 64) }, arguments);
        Assert.True(exit == 1, $"the console sample exited {exit} on a bad key:{Environment.NewLine}{output}");
        Assert.Matches(@"sample: failed with (TLSSDK|ILiveSDK) -?\d+", output);
    }
}
