using System.Text.RegularExpressions;
using OpenLive.Testing;

namespace OpenLive.Packaging.Tests;

/// <summary>
/// The repository's documents link only to what is in the repository: every relative Markdown link in README.md, docs/,
/// samples/ and the packages' READMEs names a file or folder that exists, and an #anchor names a heading of the target
/// (GitHub's rule for heading ids). Links into the generated API reference go through docs/reference/README.md, which
/// says how to build and open it, never to artifacts/ (built on demand; a link there would be dead in a fresh clone).
/// </summary>
public sealed partial class DocumentLinksTests
{
    public static TheoryData<string> Documents =>
    [
        .. new[] { "README.md", "build/package/README.md", "web/sdk/README.md" }
            .Concat(Directory.EnumerateFiles(RepoPaths.InRoot("docs"), "*.md", SearchOption.AllDirectories).Select(Relative))
            .Concat(Directory.EnumerateFiles(RepoPaths.InRoot("samples"), "README.md", SearchOption.AllDirectories).Select(Relative))
            .Order(StringComparer.Ordinal),
    ];

    [Theory]
    [MemberData(nameof(Documents))]
    public void EveryRelativeLink_NamesAFileOfTheRepository_AndAHeadingOfIt(string document)
    {
        var path = RepoPaths.InRoot(document);
        var broken = new List<string>();
        foreach (var target in Links(File.ReadAllText(path)))
        {
            if (Uri.TryCreate(target, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https" or "mailto")
            {
                continue;
            }

            var hash = target.IndexOf('#', StringComparison.Ordinal);
            var file = Uri.UnescapeDataString(hash < 0 ? target : target[..hash]);
            var anchor = hash < 0 ? null : target[(hash + 1)..];
            var resolved = file.Length == 0 ? path : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, file));
            if (!resolved.StartsWith(RepoPaths.Root, StringComparison.Ordinal) || (!File.Exists(resolved) && !Directory.Exists(resolved)))
            {
                broken.Add($"{target} (no such file)");
            }
            else if (Path.GetRelativePath(RepoPaths.Root, resolved).StartsWith("artifacts", StringComparison.Ordinal))
            {
                broken.Add($"{target} (build output: link docs/reference/README.md instead)");
            }
            else if (anchor is not null && resolved.EndsWith(".md", StringComparison.Ordinal) && !HeadingIds(File.ReadAllText(resolved)).Contains(anchor))
            {
                broken.Add($"{target} (no heading with that id)");
            }
        }

        Assert.True(broken.Count == 0, $"{document} has broken links: {string.Join("; ", broken)}");
    }

    [Fact]
    public void TheReadme_LinksTheApiReferencePage_AndTheGuidesLinkIntoIt()
    {
        Assert.Contains("docs/reference/README.md", Links(File.ReadAllText(RepoPaths.InRoot("README.md"))));
        foreach (var guide in new[] { "protocol.md", "migration.md", "packages-dotnet.md", "packages-browser.md" })
        {
            Assert.Contains(Links(File.ReadAllText(RepoPaths.InRoot("docs", guide))), link => link.StartsWith("reference/README.md", StringComparison.Ordinal));
        }
    }

    /// <summary>The targets of inline links and images, outside fenced code blocks and code spans.</summary>
    private static IEnumerable<string> Links(string markdown) =>
        Prose(markdown).SelectMany(line => Link().Matches(CodeSpan().Replace(line, string.Empty)).Select(m => m.Groups["target"].Value));

    /// <summary>GitHub's ids of a document's headings: lower case, punctuation dropped, spaces to hyphens, repeats numbered.</summary>
    private static HashSet<string> HeadingIds(string markdown)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var line in Prose(markdown))
        {
            var heading = Heading().Match(line);
            if (!heading.Success)
            {
                continue;
            }

            var text = Link().Replace(heading.Groups["text"].Value, m => m.Groups["label"].Value);
            var id = NotInId().Replace(text.Trim().ToLowerInvariant(), string.Empty).Replace(' ', '-');
            var count = seen.GetValueOrDefault(id);
            seen[id] = count + 1;
            ids.Add(count == 0 ? id : $"{id}-{count}");
        }

        return ids;
    }

    private static IEnumerable<string> Prose(string markdown)
    {
        var fenced = false;
        foreach (var line in markdown.Split('\n'))
        {
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                fenced = !fenced;
                continue;
            }

            if (!fenced)
            {
                yield return line;
            }
        }
    }

    private static string Relative(string path) => Path.GetRelativePath(RepoPaths.Root, path).Replace(Path.DirectorySeparatorChar, '/');

    [GeneratedRegex(@"!?\[(?<label>[^\]]*)\]\((?<target>[^)\s]+)(\s+""[^""]*"")?\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"`[^`]*`")]
    private static partial Regex CodeSpan();

    [GeneratedRegex(@"^#{1,6}\s+(?<text>.+?)\s*#*\s*$")]
    private static partial Regex Heading();

    [GeneratedRegex(@"[^\p{L}\p{Mn}\p{Nd}\p{Pc} -]")]
    private static partial Regex NotInId();
}
