using System.Text.Json;

namespace OpenLive.MediaLoad;

/// <summary>
/// A stage's headline figures as JSON (<c>--results FILE</c>), so that runs against different servers, each in its own
/// harness process, can be set side by side afterwards (<c>--compare</c>, <see cref="Comparison"/>).
/// </summary>
internal sealed record StageSummary(
    string Server,
    int Subscribers,
    double ForwardedPerSecond,
    double Delivery,
    double ServerCpu,
    double ForwardedPerServerCpuSecond,
    double ForwardingThreadCpu,
    double AddedP50Ms,
    double AddedP99Ms,
    double AddedAppP50Ms,
    double AddedAppP99Ms,
    double HarnessCpu,
    double OtherCpu)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    public static StageSummary Of(string server, StageResult r) => new(
        server,
        r.Subscribers,
        r.Forwarded / r.Seconds,
        r.Delivery,
        r.ServerCpuSeconds / r.Seconds,
        r.ServerCpuSeconds <= 0 ? double.NaN : r.Forwarded / r.ServerCpuSeconds,
        r.MediaThreadCpuSeconds / r.Seconds,
        r.Latency.AddedSocket.P50Ms,
        r.Latency.AddedSocket.P99Ms,
        r.Latency.AddedApp.P50Ms,
        r.Latency.AddedApp.P99Ms,
        r.HarnessCpuSeconds / r.Seconds,
        r.OtherCpuSeconds / r.Seconds);

    public static void Write(string path, IEnumerable<StageSummary> stages) => File.WriteAllText(path, JsonSerializer.Serialize(stages.ToArray(), Json));

    public static StageSummary[] Read(string path) =>
        JsonSerializer.Deserialize<StageSummary[]>(File.ReadAllText(path), Json) ?? throw new InvalidDataException($"{path}: no stages");
}
