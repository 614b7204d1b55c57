using OpenLive.Testing;

namespace OpenLive.Core.Tests.Errors;

/// <summary>
/// The repository keeps its own copy of the seed error tables (spec/), so a clone tests on its own. Where the steering
/// shared/spec they came from is beside the checkout (CI, developers), the two copies must be the same bytes.
/// </summary>
public sealed class SpecCopyTests
{
    private const string TablePattern = "ilivesdk-error-codes.*.md";

    [Fact]
    public void InRepoTables_AreThere()
    {
        Assert.Equal(["ilivesdk-error-codes.en.md", "ilivesdk-error-codes.zh.md"], TableNames(RepoPaths.Spec));
    }

    [Fact]
    public void InRepoTables_AgreeWithShared()
    {
        // Not a silent pass: without shared/ there is nothing to compare, and the run says so.
        var shared = RepoPaths.SharedSpec;
        if (shared is null)
        {
            Assert.Skip("no shared/spec beside the checkout (nor at $OPENLIVE_SHARED/spec): the in-repo spec/ tables were not compared with it");
        }

        Assert.Equal(TableNames(shared), TableNames(RepoPaths.Spec));
        foreach (var name in TableNames(shared))
        {
            var inRepo = File.ReadAllBytes(Path.Combine(RepoPaths.Spec, name));
            Assert.True(
                inRepo.AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(shared, name))),
                $"spec/{name} differs from {Path.Combine(shared, name)}: copy the shared table into spec/ (and update the catalog it checks)");
        }
    }

    private static string[] TableNames(string folder) =>
        [.. Directory.EnumerateFiles(folder, TablePattern).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)];
}
