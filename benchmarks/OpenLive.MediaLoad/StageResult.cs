using System.Diagnostics;
using System.Globalization;

namespace OpenLive.MediaLoad;

/// <summary>One stage's window: rates, delivery, server CPU per forwarded packet, latency on both paths.</summary>
internal sealed record StageResult(int Subscribers, Counters Before, Counters After, Percentiles Sfu, Percentiles Direct, int NegotiationFailures)
{
    public const string Header =
        "| subscribers | sent pkt/s | forwarded pkt/s | delivery | keyframes | server CPU | media thread CPU | fwd pkt per server CPU-s | fwd pkt per media-thread CPU-s "
        + "| SFU p50 ms | SFU p99 ms | direct p50 ms | direct p99 ms | added p50 ms | added p99 ms | SFU max ms | server RSS MiB | harness CPU |";

    public const string Separator = "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|";

    public double Seconds => (After.Server.At - Before.Server.At) / (double)Stopwatch.Frequency;

    public long Sent => After.SentToSfu - Before.SentToSfu;

    public long Forwarded => After.ReceivedFromSfu - Before.ReceivedFromSfu;

    /// <summary>Packets the subscribers got over what the SFU had to deliver (every packet the publisher sent, to each of them).</summary>
    public double Delivery => Sent == 0 ? double.NaN : Forwarded / ((double)Sent * Subscribers);

    public double DirectDelivery => After.SentDirect == Before.SentDirect ? double.NaN
        : (After.ReceivedDirect - Before.ReceivedDirect) / (double)(After.SentDirect - Before.SentDirect);

    public double ServerCpuSeconds => (After.Server.ProcessTicks - Before.Server.ProcessTicks) / ProcessSampler.TicksPerSecond;

    public double MediaThreadCpuSeconds => (After.Server.ThreadTicks - Before.Server.ThreadTicks) / ProcessSampler.TicksPerSecond;

    public double HarnessCpuSeconds => (After.Harness.ProcessTicks - Before.Harness.ProcessTicks) / ProcessSampler.TicksPerSecond;

    public string ToMarkdownRow() => string.Create(CultureInfo.InvariantCulture,
        $"| {Subscribers} | {Sent / Seconds:N0} | {Forwarded / Seconds:N0} | {Delivery:P2} | {After.Keyframes - Before.Keyframes} "
        + $"| {ServerCpuSeconds / Seconds:P1} | {MediaThreadCpuSeconds / Seconds:P1} | {PerSecond(Forwarded, ServerCpuSeconds)} | {PerSecond(Forwarded, MediaThreadCpuSeconds)} "
        + $"| {Sfu.P50Ms:F3} | {Sfu.P99Ms:F3} | {Direct.P50Ms:F3} | {Direct.P99Ms:F3} | {Sfu.P50Ms - Direct.P50Ms:F3} | {Sfu.P99Ms - Direct.P99Ms:F3} | {Sfu.MaxMs:F1} "
        + $"| {After.Server.ResidentBytes / 1048576.0:N0} | {HarnessCpuSeconds / Seconds:P0} |");

    /// <summary>What goes to stderr as the stage ends: the row's inputs, for a reader who doubts a figure.</summary>
    public string Details() => string.Create(CultureInfo.InvariantCulture,
        $"  window {Seconds:F2} s: sent {Sent} (direct {After.SentDirect - Before.SentDirect}, direct delivery {DirectDelivery:P2}), forwarded {Forwarded}, "
        + $"server CPU {ServerCpuSeconds:F2} s (media thread {MediaThreadCpuSeconds:F2} s), harness CPU {HarnessCpuSeconds:F2} s, "
        + $"latency samples SFU {Sfu.Count} / direct {Direct.Count}, negotiation failures {NegotiationFailures}");

    private static string PerSecond(long packets, double cpuSeconds) =>
        cpuSeconds <= 0 ? "n/a" : (packets / cpuSeconds).ToString("N0", CultureInfo.InvariantCulture);
}
