using System.Globalization;
using System.Text;

namespace OpenLive.MediaLoad;

/// <summary>
/// Two servers' runs side by side, stage by stage (same N): forwarded packets per server CPU-second and their ratio,
/// and the latency each added over its own run's direct baseline. Each run has its own baseline because the
/// publisher's direct path is part of the run; the ratio is the figure to read, not either absolute value.
/// </summary>
internal static class Comparison
{
    public static string ToMarkdown(StageSummary[] ours, StageSummary[] theirs, double target)
    {
        var a = ours.Length > 0 ? ours[0].Server : "A";
        var b = theirs.Length > 0 ? theirs[0].Server : "B";
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"| subscribers | {a} fwd pkt per server CPU-s | {b} fwd pkt per server CPU-s | {a} ÷ {b} | {a} server CPU | {b} server CPU "
            + $"| {a} added p50 / p99 ms | {b} added p50 / p99 ms | {a} delivery | {b} delivery | other CPU ({a} / {b}) |");
        text.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        var met = true;
        foreach (var x in ours)
        {
            var y = Array.Find(theirs, s => s.Subscribers == x.Subscribers);
            if (y is null)
            {
                met = false;
                continue;
            }

            var ratio = x.ForwardedPerServerCpuSecond / y.ForwardedPerServerCpuSecond;
            met &= ratio >= target;
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {x.Subscribers} | {x.ForwardedPerServerCpuSecond:N0} | {y.ForwardedPerServerCpuSecond:N0} | **{ratio:F2}×** | {x.ServerCpu:P1} | {y.ServerCpu:P1} "
                + $"| {x.AddedP50Ms:F3} / {x.AddedP99Ms:F3} | {y.AddedP50Ms:F3} / {y.AddedP99Ms:F3} | {x.Delivery:P2} | {y.Delivery:P2} | {x.OtherCpu:P0} / {y.OtherCpu:P0} |");
        }

        text.AppendLine();
        if (Array.Exists(ours, s => s.Delivery < 0.99) || Array.Exists(theirs, s => s.Delivery < 0.99))
        {
            // Packets per CPU-second stays a fair measure then (what was forwarded over what it cost), but latency
            // there is mostly queueing, and that server would need more than the core it has for that N.
            text.AppendLine("A delivery under 99 % means that server could not forward everything on its one core at that N (or the harness could not read it all): its latency there is queueing.");
        }

        text.AppendLine(CultureInfo.InvariantCulture,
            $"Target {a} ≥ {target:0.#}× {b}'s forwarded packets per server CPU-second at every N: {(met ? "met" : "NOT met")} in this run.");
        return text.ToString();
    }
}
