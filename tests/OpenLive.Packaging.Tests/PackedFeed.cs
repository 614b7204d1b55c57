using System.IO.Compression;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using OpenLive.Testing;

namespace OpenLive.Packaging.Tests;

/// <summary>
/// The packable projects packed once (build/OpenLive.Packages.slnf, Debug, so the repository's own Debug build is
/// reused) into a feed folder in the temp directory, shared by every test of the collection.
/// </summary>
public sealed partial class PackedFeed : IAsyncLifetime
{
    /// <summary>The library packages an app references, and the CLI's tool package.</summary>
    public static readonly string[] Libraries = ["OpenLive.Core", "OpenLive.Protocol", "OpenLive.Rtc", "OpenLive.Rtc.Client", "OpenLive.Sdk"];

    public const string Tool = "OpenLive.Cli";

    private static readonly TimeSpan PackDeadline = TimeSpan.FromMinutes(10);

    /// <summary>A temporary folder outside the repository, removed at the end: the feed, sample copies, a packages folder.</summary>
    public string Root { get; } = Path.Combine(Path.GetTempPath(), "openlive-packaging-" + Guid.NewGuid().ToString("N"));

    public string Feed => Path.Combine(Root, "feed");

    /// <summary>The version MinVer gave this commit (every package carries the same one).</summary>
    public string Version { get; private set; } = string.Empty;

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(Feed);
        var (exit, output) = await ProcessRun.RunAsync(RepoPaths.Root, PackDeadline, null,
            "pack", RepoPaths.InRoot("build", "OpenLive.Packages.slnf"), "-c", "Debug", "-o", Feed, "-v", "quiet", "-clp:ErrorsOnly", "-nologo").ConfigureAwait(false);
        Assert.True(exit == 0, $"dotnet pack failed ({exit}):{Environment.NewLine}{output}");
        var sdk = Directory.GetFiles(Feed, "OpenLive.Sdk.*.nupkg").Select(Path.GetFileName).OfType<string>()
            .Select(n => SdkPackageName().Match(n)).Single(m => m.Success);
        Version = sdk.Groups["version"].Value;
    }

    public ValueTask DisposeAsync()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A sample process still closing a file; the temp folder is cleaned by the OS.
        }

        return ValueTask.CompletedTask;
    }

    public string PackagePath(string id) => Path.Combine(Feed, $"{id}.{Version}.nupkg");

    public string SymbolPackagePath(string id) => Path.Combine(Feed, $"{id}.{Version}.snupkg");

    /// <summary>The package's nuspec (its metadata element's children in the nuspec namespace).</summary>
    public static XElement Nuspec(ZipArchive package)
    {
        var entry = package.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal) && !e.FullName.Contains('/', StringComparison.Ordinal));
        using var stream = entry.Open();
        return XDocument.Load(stream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
    }

    [GeneratedRegex(@"^OpenLive\.Sdk\.(?<version>\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?)\.nupkg$")]
    private static partial Regex SdkPackageName();
}

[CollectionDefinition(Name)]
public sealed class PackedFeedGroup : ICollectionFixture<PackedFeed>
{
    public const string Name = "Packed packages";
}
