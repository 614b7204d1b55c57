using System.IO.Compression;
using OpenLive.Testing;

namespace OpenLive.Packaging.Tests;

/// <summary>What an app developer gets from the feed: the assemblies with their docs, metadata, symbols, no junk, and every dependency.</summary>
[Collection(PackedFeedGroup.Name)]
public sealed class PackageContentsTests(PackedFeed feed)
{
    public static TheoryData<string> Libraries => [.. PackedFeed.Libraries];

    [Fact]
    public void Version_ComesFromGit_AsZeroPointOne()
    {
        // MinVer with MinVerMinimumMajorMinor 0.1: 0.1.0-alpha.0.<height> before the first tag (0.1.0-alpha.0 in a shallow clone), the tag's version on it.
        Assert.Matches(@"^0\.\d+\.\d+(-alpha\.0(\.\d+)?)?$", feed.Version);
    }

    [Theory]
    [MemberData(nameof(Libraries))]
    public void Library_HasDllAndXmlDocs_ReadmeIconLicense_AndNothingElse(string id)
    {
        using var package = ZipFile.OpenRead(feed.PackagePath(id));
        var files = package.Entries.Select(e => e.FullName).Where(IsContent).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(new[] { "README.md", "icon.png", $"lib/net10.0/{id}.dll", $"lib/net10.0/{id}.xml" }.Order(StringComparer.Ordinal), files);

        var metadata = PackedFeed.Nuspec(package);
        Assert.Equal(id, Value(metadata, "id"));
        Assert.Equal(feed.Version, Value(metadata, "version"));
        var license = metadata.Elements().Single(e => e.Name.LocalName == "license");
        Assert.Equal(("expression", "MIT"), ((string?)license.Attribute("type"), license.Value));
        Assert.Equal("README.md", Value(metadata, "readme"));
        Assert.Equal("icon.png", Value(metadata, "icon"));
        Assert.False(string.IsNullOrWhiteSpace(Value(metadata, "description")));
        Assert.Contains("openlive", Value(metadata, "tags"), StringComparison.Ordinal);
        // Source Link's repository element names the commit the package was built from (a URL only when there is a remote).
        var repository = metadata.Elements().Single(e => e.Name.LocalName == "repository");
        Assert.Matches("^[0-9a-f]{40}$", (string?)repository.Attribute("commit") ?? string.Empty);

        // The icon is a real PNG, and the XML docs document the assembly's public members.
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], Read(package, "icon.png").Take(4));
        Assert.Contains("<member name=\"T:", System.Text.Encoding.UTF8.GetString(Read(package, $"lib/net10.0/{id}.xml")), StringComparison.Ordinal);
    }

    public static TheoryData<string> AllPackages => [.. PackedFeed.Libraries, PackedFeed.Tool];

    [Theory]
    [MemberData(nameof(AllPackages))]
    public void Package_License_IsTheRepositorysMit_SameHolderAsLicenseFileAndNpmPackage(string id)
    {
        // One license for everything the repository ships: LICENSE at the root, web/sdk/LICENSE the same file, and the
        // nuspec's MIT expression with LICENSE's copyright line and holder.
        var license = File.ReadAllLines(RepoPaths.InRoot("LICENSE"));
        Assert.Equal("MIT License", license[0]);
        Assert.Equal(File.ReadAllText(RepoPaths.InRoot("LICENSE")), File.ReadAllText(RepoPaths.InRoot("web", "sdk", "LICENSE")));
        var copyright = license.Single(line => line.StartsWith("Copyright (c) ", StringComparison.Ordinal));

        using var package = ZipFile.OpenRead(feed.PackagePath(id));
        var metadata = PackedFeed.Nuspec(package);
        var expression = metadata.Elements().Single(e => e.Name.LocalName == "license");
        Assert.Equal(("expression", "MIT"), ((string?)expression.Attribute("type"), expression.Value));
        Assert.Equal(copyright, Value(metadata, "copyright"));
        Assert.EndsWith(" " + Value(metadata, "authors"), copyright, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Libraries))]
    public void Library_HasASymbolPackage_WithItsPdb(string id)
    {
        using var symbols = ZipFile.OpenRead(feed.SymbolPackagePath(id));
        Assert.Contains($"lib/net10.0/{id}.pdb", symbols.Entries.Select(e => e.FullName));
    }

    [Theory]
    [MemberData(nameof(Libraries))]
    public void Library_Dependencies_OfOursAreInTheFeed_AtTheSameVersion(string id)
    {
        using var package = ZipFile.OpenRead(feed.PackagePath(id));
        var dependencies = PackedFeed.Nuspec(package).Descendants().Where(e => e.Name.LocalName == "dependency")
            .Select(e => ((string)e.Attribute("id")!, (string)e.Attribute("version")!)).ToArray();
        foreach (var (dependency, version) in dependencies.Where(d => d.Item1.StartsWith("OpenLive.", StringComparison.Ordinal)))
        {
            Assert.Equal(feed.Version, version);
            Assert.True(File.Exists(feed.PackagePath(dependency)), $"{id} depends on {dependency} {version}, which is not in the feed");
        }

        // Build-time packages never become dependencies of an app.
        Assert.DoesNotContain(dependencies, d => d.Item1 is "MinVer" or "Microsoft.SourceLink.GitHub" or "Microsoft.CodeAnalysis.PublicApiAnalyzers" or "Grpc.Tools");
    }

    [Fact]
    public void Sdk_DependsOnTheLibrariesItNeeds()
    {
        using var package = ZipFile.OpenRead(feed.PackagePath("OpenLive.Sdk"));
        var ids = PackedFeed.Nuspec(package).Descendants().Where(e => e.Name.LocalName == "dependency").Select(e => (string)e.Attribute("id")!);
        Assert.Superset(new HashSet<string>(["OpenLive.Core", "OpenLive.Protocol", "OpenLive.Rtc.Client"]), ids.ToHashSet());
    }

    [Fact]
    public void Cli_IsADotnetTool_NamedOpenlive()
    {
        using var package = ZipFile.OpenRead(feed.PackagePath(PackedFeed.Tool));
        var metadata = PackedFeed.Nuspec(package);
        Assert.Contains(metadata.Descendants(), e => e.Name.LocalName == "packageType" && (string?)e.Attribute("name") == "DotnetTool");
        var settings = System.Text.Encoding.UTF8.GetString(Read(package, "tools/net10.0/any/DotnetToolSettings.xml"));
        Assert.Matches("<Command Name=\"openlive\" ", settings);
        Assert.Contains("tools/net10.0/any/openlive.dll", package.Entries.Select(e => e.FullName));
        Assert.DoesNotContain(package.Entries, e => e.FullName.Contains("Tests", StringComparison.Ordinal) || e.FullName.Contains("/obj/", StringComparison.Ordinal));
    }

    // The zip's own bookkeeping (OPC parts) and the nuspec are not content.
    private static bool IsContent(string path) =>
        !path.StartsWith("_rels/", StringComparison.Ordinal) && !path.StartsWith("package/", StringComparison.Ordinal)
        && path != "[Content_Types].xml" && !path.EndsWith(".nuspec", StringComparison.Ordinal);

    private static string Value(System.Xml.Linq.XElement metadata, string name) =>
        metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value ?? string.Empty;

    private static byte[] Read(ZipArchive package, string path)
    {
        using var stream = package.GetEntry(path)!.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
