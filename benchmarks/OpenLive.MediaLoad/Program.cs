using System.Globalization;
using OpenLive.MediaLoad;

// Media load: 1 publisher → N subscribers through a running SFU, with the C# client stack, and the same frames sent
// peer-to-peer to one local receiver as the baseline. Prints a Markdown table to stdout.
//   OpenLive.MediaLoad [--target openlive|janus] --server-pid PID [--stages 1,10,50,100,200] [--window 12] [--settle 8] [--warmup 20]
//                      [--bitrate 2500000] [--fps 30] [--room 770001] [--parallel-joins 16] [--samples DIR]
//                      [--client-address 127.0.0.1] [--results FILE] [--transport udp|tcp]
//     --transport tcp: the publisher and every subscriber reach the SFU over ICE-TCP only (its TCP media port), the
//                      direct baseline stays on UDP; openlive only.
//     openlive: --server URL --data DIR (the dev server's data directory, for its app id and key)
//     janus:    --janus URL (the HTTP API, default http://127.0.0.1:8088/janus)
//   OpenLive.MediaLoad --compare OURS.json[,…] THEIRS.json[,…] [--target-ratio 3]: --results files side by side (one per
//                      round and server, comma-separated, rounds in the same order): medians and their ratio.
var compare = Array.IndexOf(args, "--compare");
if (compare >= 0)
{
    var ratioIndex = Array.IndexOf(args, "--target-ratio");
    var target = ratioIndex >= 0 ? double.Parse(args[ratioIndex + 1], CultureInfo.InvariantCulture) : 3;
    StageSummary[][] Runs(string files) => [.. files.Split(',').Select(StageSummary.Read)];
    Console.Write(Comparison.ToMarkdown(Runs(args[compare + 1]), Runs(args[compare + 2]), target));
    return 0;
}

var settings = MediaLoadSettings.Parse(args);
IServerUnderTest server = settings.Target switch
{
    "openlive" => new OpenLiveServer(settings),
    "janus" => new JanusServer(settings),
    _ => throw new ArgumentException($"--target {settings.Target}: openlive or janus"),
};
if (settings.Transport != OpenLive.Rtc.Client.RtcIceTransports.Udp && settings.Target != "openlive")
{
    throw new ArgumentException("--transport tcp measures OpenLive's TCP media port; the Janus setup here serves UDP only");
}

var name = settings.PathName(server.Name);

Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{name} (pid {settings.ServerPid}), clients on {settings.ClientAddress}, stages {string.Join(',', settings.Stages)}, VP8 {settings.Bitrate / 1e6:F2} Mbit/s at {settings.FramesPerSecond} fps"));
var results = new List<StageResult>();
await using (server.ConfigureAwait(false))
{
    await using var benchmark = new MediaBenchmark(settings, server);
    await benchmark.StartAsync();
    foreach (var count in settings.Stages)
    {
        Console.Error.WriteLine($"stage: {count} subscribers");
        // The first stage also warms up: the server's JIT tiers its hot code up in the background for a while after start.
        var result = await benchmark.RunStageAsync(count, results.Count == 0 ? settings.Warmup : settings.Settle);
        results.Add(result);
        Console.Error.WriteLine(result.Details());
        Console.Error.WriteLine(result.ToMarkdownRow());
    }
}

if (settings.ResultsFile is { } file)
{
    StageSummary.Write(file, results.Select(r => StageSummary.Of(name, r)));
}

Console.WriteLine($"{name}:");
Console.WriteLine();
Console.WriteLine(StageResult.Header);
Console.WriteLine(StageResult.Separator);
foreach (var result in results)
{
    Console.WriteLine(result.ToMarkdownRow());
}

Console.WriteLine();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"1 publisher (VP8 {settings.Bitrate / 1e6:F2} Mbit/s, {settings.FramesPerSecond} fps, probe in each frame's last packet) → N subscribers through the SFU over {(settings.Transport == OpenLive.Rtc.Client.RtcIceTransports.Tcp ? "ICE-TCP" : "UDP")}; {settings.Window.TotalSeconds:F0} s window per stage after {settings.Settle.TotalSeconds:F0} s settling ({settings.Warmup.TotalSeconds:F0} s warm-up before the first)."));
Console.WriteLine("Direct = the same frames, interleaved packet by packet, peer-to-peer to one local receiver. Latency is to a frame's last packet: "
    + "when the kernel queued it on the receiver's socket (SIOCGSTAMPNS), or '(app)' when the receiver's thread handled it. "
    + "Added = per frame and receiver, SFU latency minus the same frame's direct latency (the publisher's own delays cancel), then percentiles. CPU from /proc (utime+stime, 10 ms ticks); 100% = one core; other CPU = the rest of the machine (other processes, unattributed kernel work) — high values mean a disturbed run. "
    + $"Harness CPU near 100% means the receivers (one thread each, on one core), not the SFU, limit that row's app latency and delivery. Media thread = {results.FirstOrDefault()?.ForwardingThread ?? "?"}.");
if (settings.Transport == OpenLive.Rtc.Client.RtcIceTransports.Tcp)
{
    Console.WriteLine("Over ICE-TCP the socket columns are NaN (the kernel stamps datagrams only): compare the (app) latency columns, and "
        + "'fwd pkt per server CPU-s' — the server's TCP connections are read on thread-pool threads, so the media thread alone is not the whole cost.");
}
return 0;
