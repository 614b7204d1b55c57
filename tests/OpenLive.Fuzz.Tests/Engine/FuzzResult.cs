namespace OpenLive.Fuzz.Tests.Engine;

/// <summary>What a campaign over one parser found.</summary>
/// <param name="Target">The parser's name.</param>
/// <param name="Inputs">Inputs fed.</param>
/// <param name="Crashes">Inputs on which the parser threw.</param>
/// <param name="Hangs">Inputs that took longer than the hang threshold, and again on each of 3 repeats.</param>
/// <param name="OverAllocation">Inputs on which the parser allocated more than its bound.</param>
/// <param name="MaxAllocatedBytes">The most bytes one input made the parser allocate.</param>
/// <param name="MaxInputTime">The longest one input took on its first run (stalls of a shared machine included).</param>
/// <param name="Elapsed">Time spent in the parser for all inputs (generation excluded).</param>
/// <param name="FirstFailure">The first few failing inputs and what went wrong, as text to turn into a unit test; null when none.</param>
internal sealed record FuzzResult(
    string Target,
    long Inputs,
    long Crashes,
    long Hangs,
    long OverAllocation,
    long MaxAllocatedBytes,
    TimeSpan MaxInputTime,
    TimeSpan Elapsed,
    string? FirstFailure)
{
    public bool Passed => Crashes == 0 && Hangs == 0 && OverAllocation == 0;

    /// <summary>One line of the campaign's table.</summary>
    public string ToRow() => string.Create(
        System.Globalization.CultureInfo.InvariantCulture,
        $"| {Target} | {Inputs:N0} | {Crashes} | {Hangs} | {OverAllocation} | {MaxAllocatedBytes:N0} B | {MaxInputTime.TotalMilliseconds:F2} ms | {Elapsed.TotalSeconds:F1} s |");

    public const string Header = "| parser | inputs | crashes | hangs | over alloc. bound | max alloc. per input | max time per input | parser time |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |";
}
