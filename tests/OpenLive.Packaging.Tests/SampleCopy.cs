using System.Text.Json;
using OpenLive.Testing;

namespace OpenLive.Packaging.Tests;

/// <summary>
/// A sample copied out of the repository into the feed's temp folder, with a nuget.config that adds the feed folder to
/// the machine's configured sources (no host name written anywhere) and a packages folder of its own, so that the
/// OpenLive packages can only come from the feed and never from a cache of an earlier pack.
/// </summary>
internal static class SampleCopy
{
    private static readonly TimeSpan BuildDeadline = TimeSpan.FromMinutes(8);

    public static string Prepare(PackedFeed feed, string sample)
    {
        var samples = Path.Combine(feed.Root, "samples-" + sample);
        var target = Path.Combine(samples, sample);
        CopyDirectory(RepoPaths.InRoot("samples", sample), target);
        foreach (var shared in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props" })
        {
            File.Copy(RepoPaths.InRoot("samples", shared), Path.Combine(samples, shared));
        }

        // Sources: this file's feed folder plus whatever the machine's own NuGet configuration lists (it is merged in).
        File.WriteAllText(Path.Combine(samples, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <config>
                <add key="globalPackagesFolder" value="{Path.Combine(samples, "packages")}" />
              </config>
              <packageSources>
                <add key="openlive-local-feed" value="{feed.Feed}" />
              </packageSources>
            </configuration>
            """);
        return target;
    }

    /// <summary>
    /// Copies sample <paramref name="sample"/> out of the repository, builds it against the feed and checks that
    /// <paramref name="packageId"/> came from the feed (not another source); returns the copy's directory.
    /// </summary>
    public static async Task<string> BuildFromFeedAsync(PackedFeed feed, string sample, string packageId)
    {
        var directory = Prepare(feed, sample);
        await BuildAsync(feed, directory).ConfigureAwait(false);
        Assert.Equal(Path.TrimEndingDirectorySeparator(feed.Feed), Path.TrimEndingDirectorySeparator(RestoredFrom(directory, packageId, feed.Version)));
        return directory;
    }

    public static async Task BuildAsync(PackedFeed feed, string directory)
    {
        var (exit, output) = await ProcessRun.RunAsync(directory, BuildDeadline, null,
            "build", "-c", "Debug", $"-p:OpenLiveVersion={feed.Version}", "-v", "quiet", "-clp:ErrorsOnly", "-nologo").ConfigureAwait(false);
        Assert.True(exit == 0, $"the sample in {directory} did not build against the feed ({exit}):{Environment.NewLine}{output}");
    }

    /// <summary>Where restore took package <paramref name="id"/> from (NuGet's .nupkg.metadata in the sample's packages folder).</summary>
    public static string RestoredFrom(string directory, string id, string version)
    {
        var metadata = Path.Combine(Path.GetDirectoryName(directory)!, "packages", id.ToLowerInvariant(), version.ToLowerInvariant(), ".nupkg.metadata");
        Assert.True(File.Exists(metadata), $"{id} {version} was not restored into the sample's packages folder");
        using var json = JsonDocument.Parse(File.ReadAllText(metadata));
        return json.RootElement.GetProperty("source").GetString() ?? string.Empty;
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        foreach (var directory in Directory.GetDirectories(from).Where(d => Path.GetFileName(d) is not ("bin" or "obj")))
        {
            CopyDirectory(directory, Path.Combine(to, Path.GetFileName(directory)));
        }
    }
}
