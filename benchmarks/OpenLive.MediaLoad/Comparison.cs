using System.Globalization;
using System.Text;

namespace OpenLive.MediaLoad;

/// <summary>
/// Two servers' runs side by side, stage by stage (same N): forwarded packets per server CPU-second and their ratio,
/// and the latency each added over its own run's direct baseline. With several rounds (one run per server each), every
/// figure is the median over the rounds and the ratio is of the medians; the per-round ratios follow it, to show the
/// spread. Each run has its own baseline because the publisher's direct path is part of the run.
/// </summary>
internal static class Comparison
{
    /// <param name="ours">One run per round of the first server (each a stage list).</param>
    /// <param name="theirs">The same for the second server, in the same round order.</param>
    /// <param name="target">The ratio to meet at every N.</param>
    public static string ToMarkdown(StageSummary[][] ours, StageSummary[][] theirs, double target)
    {
        var a = Array.Find(ours, r => r.Length > 0)?[0].Server ?? "A";
        var b = Array.Find(theirs, r => r.Length > 0)?[0].Server ?? "B";
        var rounds = Math.Min(ours.Length, theirs.Length);
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"| subscribers | {a} fwd pkt per server CPU-s | {b} fwd pkt per server CPU-s | {a} ÷ {b} | per round | {a} server CPU | {b} server CPU "
            + $"| {a} added p50 / p99 ms | {b} added p50 / p99 ms | {a} delivery | {b} delivery | other CPU ({a} / {b}) |");
        text.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        var met = true;
        var saturated = false;
        var counts = ours.SelectMany(r => r).Select(s => s.Subscribers).Distinct().Order();
        foreach (var n in counts)
        {
            var x = Stages(ours, n);
            var y = Stages(theirs, n);
            if (x.Length == 0 || y.Length == 0)
            {
                met = false;
                continue;
            }

            var ratio = Median(x, s => s.ForwardedPerServerCpuSecond) / Median(y, s => s.ForwardedPerServerCpuSecond);
            var perRound = string.Join(", ", Enumerable.Range(0, rounds)
                .Select(i => (Find(ours[i], n), Find(theirs[i], n)))
                .Where(p => p.Item1 is not null && p.Item2 is not null)
                .Select(p => (p.Item1!.ForwardedPerServerCpuSecond / p.Item2!.ForwardedPerServerCpuSecond).ToString("F2", CultureInfo.InvariantCulture)));
            met &= ratio >= target;
            saturated |= Median(x, s => s.Delivery) < 0.99 || Median(y, s => s.Delivery) < 0.99;
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {n} | {Median(x, s => s.ForwardedPerServerCpuSecond):N0} | {Median(y, s => s.ForwardedPerServerCpuSecond):N0} | **{ratio:F2}×** | {perRound} "
                + $"| {Median(x, s => s.ServerCpu):P1} | {Median(y, s => s.ServerCpu):P1} "
                + $"| {Median(x, s => s.AddedP50Ms):F3} / {Median(x, s => s.AddedP99Ms):F3} | {Median(y, s => s.AddedP50Ms):F3} / {Median(y, s => s.AddedP99Ms):F3} "
                + $"| {Median(x, s => s.Delivery):P2} | {Median(y, s => s.Delivery):P2} | {Median(x, s => s.OtherCpu):P0} / {Median(y, s => s.OtherCpu):P0} |");
        }

        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Medians over {rounds} round(s); each round ran both servers, one after the other (the first alternating from round to round).");
        if (saturated)
        {
            // Packets per CPU-second stays a fair measure then (what was forwarded over what it cost), but latency
            // there is mostly queueing, and that server would need more than the core it has for that N.
            text.AppendLine("A delivery under 99 % means that server could not forward everything on its one core at that N (or the harness could not read it all): its latency there is queueing.");
        }

        text.AppendLine(CultureInfo.InvariantCulture,
            $"Target {a} ≥ {target:0.#}× {b}'s forwarded packets per server CPU-second at every N: {(met ? "met" : "NOT met")} in this run.");
        return text.ToString();
    }

    private static StageSummary? Find(StageSummary[] run, int subscribers) => Array.Find(run, s => s.Subscribers == subscribers);

    private static StageSummary[] Stages(StageSummary[][] runs, int subscribers) =>
        [.. runs.Select(r => Find(r, subscribers)).OfType<StageSummary>()];

    /// <summary>The median (the mean of the middle two for an even count), NaNs left out.</summary>
    private static double Median(StageSummary[] stages, Func<StageSummary, double> value)
    {
        var values = stages.Select(value).Where(v => !double.IsNaN(v)).Order().ToArray();
        return values.Length == 0 ? double.NaN
            : values.Length % 2 == 1 ? values[values.Length / 2]
            : (values[(values.Length / 2) - 1] + values[values.Length / 2]) / 2;
    }
}
