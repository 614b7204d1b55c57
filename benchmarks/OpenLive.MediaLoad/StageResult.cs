using System.Diagnostics;
using System.Globalization;

namespace OpenLive.MediaLoad;

/// <summary>
/// Latency distributions of one window: through the SFU and direct, to the socket and to the application, and what the
/// SFU added frame by frame (<see cref="LatencySamples.AddedOverDirect"/>).
/// </summary>
internal sealed record StageLatency(
    Percentiles SfuApp, Percentiles DirectApp, Percentiles SfuSocket, Percentiles DirectSocket, Percentiles AddedApp, Percentiles AddedSocket);

/// <summary>
/// One stage's window: rates, delivery, server CPU per forwarded packet, latency on both paths. The "media thread" is
/// <paramref name="ForwardingThread"/>: the server thread that reads the publisher's packets and fans them out.
/// </summary>
internal sealed record StageResult(string ForwardingThread, int Subscribers, Counters Before, Counters After, StageLatency Latency, int NegotiationFailures, int Reconnections)
{
    public const string Header =
        "| subscribers | sent pkt/s | forwarded pkt/s | delivery | server CPU | media thread CPU | fwd pkt per server CPU-s | fwd pkt per media-thread CPU-s "
        + "| added p50 ms | added p99 ms | added p50 ms (app) | added p99 ms (app) | SFU p99 ms (app) | direct p99 ms (app) "
        + "| server RSS MiB | harness CPU | other CPU |";

    public const string Separator = "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|";

    public double Seconds => (After.Server.At - Before.Server.At) / (double)Stopwatch.Frequency;

    public long Sent => After.SentToSfu - Before.SentToSfu;

    public long Forwarded => After.ReceivedFromSfu - Before.ReceivedFromSfu;

    /// <summary>Packets the subscribers got over what the SFU had to deliver (every packet the publisher sent, to each of them).</summary>
    public double Delivery => Sent == 0 ? double.NaN : Forwarded / ((double)Sent * Subscribers);

    public double DirectDelivery => After.SentDirect == Before.SentDirect ? double.NaN
        : (After.ReceivedDirect - Before.ReceivedDirect) / (double)(After.SentDirect - Before.SentDirect);

    public double ServerCpuSeconds => (After.Server.ProcessTicks - Before.Server.ProcessTicks) / ProcessSampler.TicksPerSecond;

    public double MediaThreadCpuSeconds => ServerThreadCpuSeconds(ForwardingThread);

    public double JitCpuSeconds => ServerThreadCpuSeconds(ProcessSampler.JitThread);

    private Dictionary<string, long> ServerThreads => After.Server.TicksByThreadNameSince(Before.Server);

    private double ServerThreadCpuSeconds(string name) => ServerThreads.GetValueOrDefault(name) / ProcessSampler.TicksPerSecond;

    /// <summary>
    /// The server's other busiest threads in the window, by name (GC, DTLS, thread pool, …). Names that differ only in
    /// a trailing number are summed as one ("hloop *": Janus's loop threads, one per subscriber handle).
    /// </summary>
    private string OtherServerThreads() => string.Join(", ", ServerThreads
        .Where(t => t.Key != ForwardingThread && t.Key != ProcessSampler.JitThread && t.Value > 0)
        .GroupBy(t => t.Key.TrimEnd("0123456789".ToCharArray()) is var stem && stem.Length < t.Key.Length ? stem + "*" : t.Key, StringComparer.Ordinal)
        .Select(g => new KeyValuePair<string, long>(g.Count() > 1 ? $"{g.Key} ({g.Count()})" : g.First().Key, g.Sum(t => t.Value)))
        .OrderByDescending(t => t.Value)
        .Take(4)
        .Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Key} {t.Value / ProcessSampler.TicksPerSecond:F2} s")));

    public double HarnessCpuSeconds => (After.Harness.ProcessTicks - Before.Harness.ProcessTicks) / ProcessSampler.TicksPerSecond;

    /// <summary>Busy CPU time of everything else on the machine (other processes, and kernel work charged to no process).</summary>
    public double OtherCpuSeconds => ((After.MachineBusyTicks - Before.MachineBusyTicks) / ProcessSampler.TicksPerSecond) - ServerCpuSeconds - HarnessCpuSeconds;

    public string ToMarkdownRow()
    {
        var l = Latency;
        return string.Create(CultureInfo.InvariantCulture,
            $"| {Subscribers} | {Sent / Seconds:N0} | {Forwarded / Seconds:N0} | {Delivery:P2} | {ServerCpuSeconds / Seconds:P1} | {MediaThreadCpuSeconds / Seconds:P1} "
            + $"| {PerSecond(Forwarded, ServerCpuSeconds)} | {PerSecond(Forwarded, MediaThreadCpuSeconds)} "
            + $"| {l.AddedSocket.P50Ms:F3} | {l.AddedSocket.P99Ms:F3} | {l.AddedApp.P50Ms:F3} | {l.AddedApp.P99Ms:F3} "
            + $"| {l.SfuApp.P99Ms:F3} | {l.DirectApp.P99Ms:F3} | {After.Server.ResidentBytes / 1048576.0:N0} | {HarnessCpuSeconds / Seconds:P0} | {OtherCpuSeconds / Seconds:P0} |");
    }

    /// <summary>What goes to stderr as the stage ends: the row's inputs, for a reader who doubts a figure.</summary>
    public string Details() => string.Create(CultureInfo.InvariantCulture,
        $"  window {Seconds:F2} s: sent {Sent} (direct {After.SentDirect - Before.SentDirect}, direct delivery {DirectDelivery:P2}), forwarded {Forwarded}, keyframes {After.Keyframes - Before.Keyframes}, "
        + $"server CPU {ServerCpuSeconds:F2} s (media thread {MediaThreadCpuSeconds:F2} s, JIT tiering {JitCpuSeconds:F2} s, then {OtherServerThreads()}), harness CPU {HarnessCpuSeconds:F2} s, rest of the machine {OtherCpuSeconds:F2} s, "
        + $"UDP drops (machine-wide) receive buffer {After.Udp.ReceiveBufferErrors - Before.Udp.ReceiveBufferErrors} / send buffer {After.Udp.SendBufferErrors - Before.Udp.SendBufferErrors}, "
        + $"negotiation failures {NegotiationFailures}, subscriber connections restarted by the server {Reconnections} (all stages so far)\n"
        + $"  SFU latency, socket {Latency.SfuSocket}\n  direct latency, socket {Latency.DirectSocket}\n"
        + $"  SFU latency, app {Latency.SfuApp}\n  direct latency, app {Latency.DirectApp}\n"
        + $"  added by the SFU per frame, socket {Latency.AddedSocket}\n  added by the SFU per frame, app {Latency.AddedApp}");

    private static string PerSecond(long packets, double cpuSeconds) =>
        cpuSeconds <= 0 ? "n/a" : (packets / cpuSeconds).ToString("N0", CultureInfo.InvariantCulture);
}
