using System.Globalization;
using OpenLive.Fuzz.Tests.Egress;
using OpenLive.Fuzz.Tests.Engine;

namespace OpenLive.Fuzz.Tests;

/// <summary>
/// The egress parsers of publisher bytes under the campaign's contract (<see cref="ParserFuzzTests"/>: no exception,
/// no hang, allocation within the bound), with the same settings (<c>OPENLIVE_FUZZ_INPUTS</c>, <c>OPENLIVE_FUZZ_SEED</c>,
/// <c>OPENLIVE_FUZZ_REPORT</c>). Kept apart from <see cref="FuzzTargets"/> while issue 14's parts are built in
/// parallel: the coverage-guided harness compiles every file of Targets/ and does not reference OpenLive.Egress yet.
/// </summary>
public sealed class EgressParserFuzzTests(ITestOutputHelper output)
{
    private const long SuiteInputs = 20_000;
    private const ulong SuiteSeed = 20_261_205;

    public static TheoryData<string> Targets => ["h264-sps", "mp4-access-unit"];

    [Theory]
    [MemberData(nameof(Targets))]
    public void Parser_NeverThrowsHangsOrOverAllocates(string target)
    {
        IFuzzTarget fuzz = target == "h264-sps" ? new H264SpsTarget() : new Mp4AccessUnitTarget();
        var inputs = ReadSetting("OPENLIVE_FUZZ_INPUTS", SuiteInputs);
        var seed = (ulong)ReadSetting("OPENLIVE_FUZZ_SEED", (long)SuiteSeed);
        var result = fuzz.Run(inputs, seed, FuzzLimits.Default);

        output.WriteLine(FuzzResult.Header);
        output.WriteLine(result.ToRow());
        if (Environment.GetEnvironmentVariable("OPENLIVE_FUZZ_REPORT") is { Length: > 0 } report)
        {
            File.AppendAllText(report, result.ToRow() + Environment.NewLine + (result.FirstFailure is null ? string.Empty : result.FirstFailure + Environment.NewLine));
        }

        Assert.True(result.Passed, result.FirstFailure);
    }

    private static long ReadSetting(string name, long fallback) =>
        long.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;
}
