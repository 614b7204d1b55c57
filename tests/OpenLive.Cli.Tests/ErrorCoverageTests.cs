using System.Text.RegularExpressions;
using OpenLive.Cli.Output;
using OpenLive.Core.Errors;
using OpenLive.Testing;

namespace OpenLive.Cli.Tests;

/// <summary>docs/errors.md names the test that produces each code: every name must be a real test under tests/.</summary>
public sealed partial class ErrorCoverageTests
{
    [Fact]
    public void EveryCode_HasACoverageEntry()
    {
        foreach (var entry in ErrorCatalog.All)
        {
            Assert.NotEmpty(ErrorCoverage.For(entry));
        }
    }

    [Fact]
    public void EveryNamedTest_ExistsUnderTests()
    {
        var sources = Directory.EnumerateFiles(RepoPaths.InRoot("tests"), "*.cs", SearchOption.AllDirectories)
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(File.ReadAllText)
            .ToArray();
        var missing = new List<string>();
        foreach (var entry in ErrorCatalog.All)
        {
            foreach (var item in ErrorCoverage.For(entry))
            {
                foreach (Match name in TestName().Matches(item))
                {
                    var (type, method) = (name.Groups[1].Value, name.Groups[2].Value);
                    var found = sources.Any(s =>
                        Regex.IsMatch(s, $@"\bclass {type}\b") && Regex.IsMatch(s, $@"\b(async Task|void) {method}\("));
                    if (!found)
                    {
                        missing.Add($"{entry.Code}: {type}.{method}");
                    }
                }
            }
        }

        Assert.True(missing.Count == 0, "docs/errors.md names tests that do not exist: " + string.Join(", ", missing));
    }

    [GeneratedRegex(@"\b([A-Z]\w*Tests)\.(\w+)")]
    private static partial Regex TestName();
}
