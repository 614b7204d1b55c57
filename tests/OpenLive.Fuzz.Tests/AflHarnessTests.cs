using OpenLive.Fuzz.Afl;

namespace OpenLive.Fuzz.Tests;

/// <summary>
/// The coverage-guided harness (benchmarks/OpenLive.Fuzz.Afl) cannot rot unnoticed: afl++ is a benchmark tool the suite
/// does not need, so here each of its targets writes its seed corpus and replays it through the harness's own entry
/// (the path afl drives), which must not throw. A target afl would reject at start-up (no seeds, a crashing seed) fails.
/// </summary>
public sealed class AflHarnessTests
{
    public static TheoryData<string> Targets => [.. AflHarness.TargetNames];

    [Fact]
    public void Harness_HasEveryCampaignTarget() =>
        Assert.Equal(FuzzTargets.Names.Order(StringComparer.Ordinal), AflHarness.TargetNames.Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(Targets))]
    public void Target_AcceptsItsSeedCorpus(string target)
    {
        var corpus = Directory.CreateTempSubdirectory("openlive-afl-seeds-");
        try
        {
            Assert.True(AflHarness.WriteSeeds(target, corpus.FullName) > 0, $"{target} has no seeds");
            using var log = new StringWriter();
            Assert.True(AflHarness.Replay(target, [corpus.FullName], log) == 0, log.ToString());
        }
        finally
        {
            corpus.Delete(recursive: true);
        }
    }
}
