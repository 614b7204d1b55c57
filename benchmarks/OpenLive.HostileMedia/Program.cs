using System.Diagnostics;
using System.Globalization;
using OpenLive.Sfu.Tests.Support;

// Hostile media traffic, long run: a real publisher → viewer flow through the SFU while many UDP sockets flood its
// media port with random and malformed datagrams; prints the figures as a Markdown table (docs/benchmarks.md,
// "Hostile media traffic"). Usage: OpenLive.HostileMedia [--seconds 30] [--sockets 64] [--threads 2] [--fps 30] [--bitrate 1000000]
var settings = new Dictionary<string, int>(StringComparer.Ordinal)
{
    ["--seconds"] = 30,
    ["--sockets"] = 64,
    ["--threads"] = 2,
    ["--fps"] = 30,
    ["--bitrate"] = 1_000_000,
    ["--baseline"] = 10,
};
for (var i = 0; i + 1 < args.Length; i += 2)
{
    if (!settings.ContainsKey(args[i]) || !int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var value) || value <= 0)
    {
        Console.Error.WriteLine($"unknown or bad setting {args[i]} {args[i + 1]}; settings: {string.Join(", ", settings.Keys)}");
        return 2;
    }

    settings[args[i]] = value;
}

using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(settings["--seconds"] + settings["--baseline"] + 120));
await using var scenario = await HostileMediaScenario.StartAsync(settings["--fps"], settings["--bitrate"], cancel.Token);
while (scenario.FramesReceived == 0)
{
    await Task.Delay(20, cancel.Token);
}

await Task.Delay(TimeSpan.FromSeconds(2), cancel.Token); // Past the first keyframe's start-up.
var process = Process.GetCurrentProcess();
var transportsBefore = scenario.Engine.TransportCount;
var managedBefore = GC.GetTotalMemory(forceFullCollection: true);
process.Refresh();
var rssBefore = process.WorkingSet64;
var cpuBefore = process.TotalProcessorTime;
var baseline = TimeSpan.FromSeconds(settings["--baseline"]);
var framesBefore = await scenario.CountFramesAsync(baseline, cancel.Token);

var framesAtStart = scenario.FramesReceived;
var receivedAtStart = scenario.Engine.DatagramsReceived;
var unroutedAtStart = scenario.Engine.UnroutedDatagrams;
var flood = await scenario.FloodAsync(TimeSpan.FromSeconds(settings["--seconds"]), settings["--sockets"], settings["--threads"], cancel.Token);
var framesDuring = scenario.FramesReceived - framesAtStart;
var received = scenario.Engine.DatagramsReceived - receivedAtStart;
var unrouted = scenario.Engine.UnroutedDatagrams - unroutedAtStart;
process.Refresh();
var rssAfter = process.WorkingSet64;
var managedAfter = GC.GetTotalMemory(forceFullCollection: true);
var framesAfter = await scenario.CountFramesAsync(TimeSpan.FromSeconds(5), cancel.Token);

static string Rate(double perSecond) => perSecond.ToString("N0", CultureInfo.InvariantCulture);
var fps = settings["--fps"];
Console.WriteLine($"Flood: {settings["--sockets"]} source ports on {settings["--threads"]} sender thread(s) for {flood.Elapsed.TotalSeconds:F1} s; flow: 1 publisher → 1 viewer, {fps} fps, {settings["--bitrate"] / 1000} kbit/s; {Environment.ProcessorCount} cores, load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]} at the end");
Console.WriteLine();
Console.WriteLine("| Figure | Value |");
Console.WriteLine("|---|---|");
Console.WriteLine($"| Datagrams sent by the flood | {flood.Datagrams.ToString("N0", CultureInfo.InvariantCulture)} ({(flood.Bytes / 1048576.0).ToString("N0", CultureInfo.InvariantCulture)} MiB) |");
Console.WriteLine($"| Flood rate | {Rate(flood.Rate)} datagrams/s |");
Console.WriteLine($"| Datagrams the SFU's socket received during the flood (rest dropped by the kernel) | {received.ToString("N0", CultureInfo.InvariantCulture)} ({Rate(received / flood.Elapsed.TotalSeconds)}/s), {unrouted.ToString("N0", CultureInfo.InvariantCulture)} unrouted |");
Console.WriteLine($"| Frames received, before the flood | {framesBefore} in {baseline.TotalSeconds:F0} s ({framesBefore / baseline.TotalSeconds:F1}/s) |");
Console.WriteLine($"| Frames received, during the flood | {framesDuring} in {flood.Elapsed.TotalSeconds:F0} s ({framesDuring / flood.Elapsed.TotalSeconds:F1}/s) |");
Console.WriteLine($"| Frames received, 5 s after | {framesAfter} ({framesAfter / 5.0:F1}/s) |");
Console.WriteLine($"| Managed heap before → after (full GC) | {managedBefore / 1024} KiB → {managedAfter / 1024} KiB |");
Console.WriteLine($"| Process RSS before → after (SFU, clients and flood in one process) | {rssBefore / 1048576} MiB → {rssAfter / 1048576} MiB |");
Console.WriteLine($"| Transports before → after | {transportsBefore} → {scenario.Engine.TransportCount} |");
Console.WriteLine($"| Media-thread failures | {scenario.Engine.MediaThreadFailures} |");
Console.WriteLine($"| Process CPU during baseline + flood | {(process.TotalProcessorTime - cpuBefore).TotalSeconds:F1} s |");
return scenario.Engine.MediaThreadFailures == 0 && framesDuring > 0 && scenario.Engine.TransportCount == transportsBefore ? 0 : 1;
