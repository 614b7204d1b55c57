using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using OpenLive.Core.Auth;
using OpenLive.LoadHarness;
using OpenLive.Sdk;
using OpenLive.Sdk.Rooms;

// Control-plane load: N real SDK clients log in and join rooms against a running server; reports login/join latency
// percentiles and the server process's RSS per connection. Every stage ends by quitting and logging everyone out.
//   OpenLive.LoadHarness --server URL --data DIR --server-pid PID --stages 1000,5000,10000 [--room-size 100] [--parallel 64]
var settings = HarnessSettings.Parse(args);
var devApp = JsonDocument.Parse(File.ReadAllText(Path.Combine(settings.DataDirectory, "dev-app.json"))).RootElement;
var appId = devApp.GetProperty("sdkAppId").GetUInt32();
var generator = new UserSigGenerator(appId, devApp.GetProperty("key").GetString()!);

if (settings.Mode == "im-fanout")
{
    Console.WriteLine(await ImLoad.FanOutAsync(settings.Server, appId, generator, settings.Stages[0], settings.Messages, settings.Parallel));
    return;
}

if (settings.Mode == "soak")
{
    await Soak.RunAsync(settings.Server, appId, generator, settings.Stages[0], settings.Minutes, settings.PhaseFile);
    return;
}

if (settings.Mode == "im-durable")
{
    Console.WriteLine(await ImLoad.DurableAsync(settings.Server, appId, generator, settings.Store, settings.Stages[0], settings.Seconds));
    return;
}

Console.Error.WriteLine($"server {settings.Server}, app {appId}, stages {string.Join(',', settings.Stages)}, room size {settings.RoomSize}");
var baseline = ProcessMemory.ResidentBytes(settings.ServerPid);
var rows = new List<string>();
var stageIndex = 0;
foreach (var count in settings.Stages)
{
    stageIndex++;
    var clients = new LiveClient[count];
    var loginMs = new double[count];
    var joinMs = new double[count];
    var failures = 0;

    var wall = Stopwatch.StartNew();
    await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = settings.Parallel }, async (i, _) =>
    {
        var user = $"load{stageIndex}_{i}";
        var client = new LiveClient(new LiveClientOptions { ServerUrl = settings.Server, SdkAppId = appId, RequestTimeout = TimeSpan.FromSeconds(30) });
        var started = Stopwatch.GetTimestamp();
        try
        {
            await client.LoginAsync(user, generator.GenUserSig(user, 3600), CancellationToken.None);
            loginMs[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }
        catch (OpenLive.Core.Errors.LiveException)
        {
            Interlocked.Increment(ref failures);
            loginMs[i] = double.NaN;
        }

        clients[i] = client;
    });
    var loginWall = wall.Elapsed;

    // Rooms of RoomSize: the first member of each creates it (host), the rest join.
    var roomBase = (uint)(stageIndex * 1_000_000);
    var hosts = Enumerable.Range(0, count).Where(i => i % settings.RoomSize == 0).ToArray();
    await Parallel.ForEachAsync(hosts, new ParallelOptions { MaxDegreeOfParallelism = settings.Parallel }, async (i, _) =>
        await Measure(i, () => clients[i].CreateRoomAsync(roomBase + (uint)(i / settings.RoomSize) + 1, LiveRoomOptions.Host())));
    var joiners = Enumerable.Range(0, count).Where(i => i % settings.RoomSize != 0).ToArray();
    wall.Restart();
    await Parallel.ForEachAsync(joiners, new ParallelOptions { MaxDegreeOfParallelism = settings.Parallel }, async (i, _) =>
        await Measure(i, () => clients[i].JoinRoomAsync(roomBase + (uint)(i / settings.RoomSize) + 1, LiveRoomOptions.Audience())));
    var joinWall = wall.Elapsed;

    await Task.Delay(TimeSpan.FromSeconds(3)); // let the server settle (GC, queues) before sampling memory
    var rss = ProcessMemory.ResidentBytes(settings.ServerPid);
    var perConnection = (rss - baseline) / (double)count;

    // Probe: single joins, one at a time, while every other client stays connected and in its room — the latency a
    // user sees on a loaded server, without the queueing of a join storm.
    var probes = new double[Math.Min(200, joiners.Length)];
    for (var k = 0; k < probes.Length; k++)
    {
        var i = joiners[k * joiners.Length / probes.Length];
        var roomId = roomBase + (uint)(i / settings.RoomSize) + 1;
        await clients[i].QuitRoomAsync(CancellationToken.None);
        var started = Stopwatch.GetTimestamp();
        await clients[i].JoinRoomAsync(roomId, LiveRoomOptions.Audience(), CancellationToken.None);
        probes[k] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    var probe = Percentiles.Of(probes);

    var logins = Percentiles.Of(loginMs);
    var joins = Percentiles.Of([.. joiners.Select(i => joinMs[i])]);
    var row = string.Create(CultureInfo.InvariantCulture,
        $"| {count:N0} | {logins.P50:F1} | {logins.P99:F1} | {count / loginWall.TotalSeconds:N0} | {joins.P50:F1} | {joins.P99:F1} | {joiners.Length / joinWall.TotalSeconds:N0} | {probe.P50:F1} | {probe.P99:F1} | {rss / 1048576.0:N0} | {perConnection / 1024:N1} | {failures} |");
    rows.Add(row);
    Console.Error.WriteLine(row);

    await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = settings.Parallel }, async (i, _) =>
    {
        try
        {
            if (clients[i].CurrentRoom is not null)
            {
                await clients[i].QuitRoomAsync(CancellationToken.None);
            }
        }
        catch (OpenLive.Core.Errors.LiveException)
        {
            // A host's quit dismissed the room first; that member is already out.
        }

        await clients[i].DisposeAsync();
    });
    await Task.Delay(TimeSpan.FromSeconds(2));

    async Task Measure(int i, Func<Task<LiveRoom>> enter)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await enter();
            joinMs[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }
        catch (OpenLive.Core.Errors.LiveException)
        {
            Interlocked.Increment(ref failures);
            joinMs[i] = double.NaN;
        }
    }
}

Console.WriteLine("| clients | login p50 ms | login p99 ms | logins/s | join-storm p50 ms | join-storm p99 ms | joins/s | single join p50 ms | single join p99 ms | server RSS MiB | RSS per client KiB | failures |");
Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
foreach (var row in rows)
{
    Console.WriteLine(row);
}

Console.WriteLine();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Server RSS before the first stage: {baseline / 1048576.0:N0} MiB; room size {settings.RoomSize}; {settings.Parallel} operations in flight."));
