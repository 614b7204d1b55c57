using System.Diagnostics;
using System.Text.RegularExpressions;
using OpenLive.Testing;

namespace OpenLive.Packaging.Tests;

/// <summary>
/// The .NET API reference (docs/reference/README.md) builds with its one command, docs/reference/build-dotnet.sh, here
/// into a temp folder: docfx without warnings, the pages an app developer starts from, the XML docs in them, and every
/// page of it that the repository's documents name. In the packed-feed collection so that its build of OpenLive.Sdk
/// never runs beside the pack's build of the same projects. About 40 s on an up-to-date build.
/// </summary>
[Collection(PackedFeedGroup.Name)]
public sealed partial class ReferenceDocsTests(PackedFeed feed, ITestOutputHelper output)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(8);

    [Fact]
    public async Task DotnetReference_BuildsWithOneCommand_WithoutWarnings_AndHasThePagesTheDocsName()
    {
        var docs = Path.Combine(feed.Root, "docs");
        var clock = Stopwatch.StartNew();
        var (exit, log) = await ProcessRun.RunProgramAsync("bash", RepoPaths.Root, Deadline, null, RepoPaths.InRoot("docs", "reference", "build-dotnet.sh"), docs);
        output.WriteLine($"docs/reference/build-dotnet.sh took {clock.Elapsed.TotalSeconds:0} s");
        Assert.True(exit == 0, $"docs/reference/build-dotnet.sh failed ({exit}):{Environment.NewLine}{log}");
        Assert.Contains("0 warning(s)", log, StringComparison.Ordinal);
        Assert.Contains("0 error(s)", log, StringComparison.Ordinal);

        var site = Path.Combine(docs, "dotnet");
        foreach (var page in new[] { "index.html", "api/OpenLive.Sdk.LiveClient.html", "api/OpenLive.Sdk.Rooms.LiveRoom.html", "api/OpenLive.Core.Errors.LiveException.html", "api/OpenLive.Core.Auth.UserSigGenerator.html", "api/OpenLive.Protocol.V1.ClientFrame.html", "api/OpenLive.Rtc.Client.RtcClientConnection.html" })
        {
            Assert.True(File.Exists(Path.Combine(site, page)), $"{page} is in the reference");
        }

        // The pages carry the XML docs (a constructor's summary), not only the signatures.
        var liveClient = await File.ReadAllTextAsync(Path.Combine(site, "api", "OpenLive.Sdk.LiveClient.html"));
        Assert.Contains("LoginAsync", liveClient, StringComparison.Ordinal);
        Assert.Contains("Creates and starts a client.", liveClient, StringComparison.Ordinal);

        // Every page of the reference that a document of the repository names (artifacts/docs/dotnet/...) exists.
        var named = DocumentPaths().SelectMany(document => ReferencePage().Matches(File.ReadAllText(document)).Select(m => (Document: document, Page: m.Groups["page"].Value))).ToArray();
        Assert.NotEmpty(named);
        var missing = named.Where(n => !File.Exists(Path.Combine(site, n.Page))).Select(n => $"{Path.GetRelativePath(RepoPaths.Root, n.Document)}: {n.Page}").ToArray();
        Assert.True(missing.Length == 0, "pages named in the docs that the reference does not have: " + string.Join(", ", missing));
    }

    /// <summary>README.md and the Markdown under docs/.</summary>
    private static IEnumerable<string> DocumentPaths() =>
        Directory.EnumerateFiles(RepoPaths.InRoot("docs"), "*.md", SearchOption.AllDirectories).Append(RepoPaths.InRoot("README.md"));

    [GeneratedRegex(@"artifacts/docs/dotnet/(?<page>[\w./-]+\.html)")]
    private static partial Regex ReferencePage();
}
