using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using OpenLive.Core.Auth;
using OpenLive.Sdk;
using OpenLive.Sdk.Im;
using OpenLive.Sdk.Rooms;

namespace OpenLive.LoadHarness;

/// <summary>IM load: room fan-out to many members, and durable C2C throughput.</summary>
internal static class ImLoad
{
    /// <summary>
    /// One sender, <paramref name="members"/> receivers in one room; <paramref name="messages"/> stored group messages,
    /// <paramref name="inFlight"/> sends in flight. Latency = receive time − send start, on this machine's monotonic clock.
    /// </summary>
    public static async Task<string> FanOutAsync(Uri server, uint appId, UserSigGenerator sigs, int members, int messages, int inFlight)
    {
        var sender = await LoginAsync(server, appId, sigs, "fan_sender");
        var room = await sender.CreateRoomAsync(424242, LiveRoomOptions.Host());
        var receivers = new LiveClient[members];
        var sentAt = new ConcurrentDictionary<string, long>();
        var latencies = new double[members * messages];
        var received = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, members), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, _) =>
        {
            var client = await LoginAsync(server, appId, sigs, $"fan_{i}");
            await client.JoinRoomAsync(424242, LiveRoomOptions.Audience(), CancellationToken.None);
            client.MessageReceived += (_, e) =>
            {
                var now = Stopwatch.GetTimestamp();
                var key = e.Message.ClientMessageId;
                while (!sentAt.ContainsKey(key))
                {
                    Thread.SpinWait(20); // the ack can race the first deliveries
                }

                var slot = Interlocked.Increment(ref received) - 1;
                if (slot < latencies.Length)
                {
                    latencies[slot] = Stopwatch.GetElapsedTime(sentAt[key], now).TotalMilliseconds;
                }
            };
            receivers[i] = client;
        });

        var total = members * messages;
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, messages), new ParallelOptions { MaxDegreeOfParallelism = inFlight }, async (n, _) =>
        {
            var message = LiveMessage.Text($"fan-out #{n}");
            message.ClientMessageId = $"f{n}";
            sentAt[message.ClientMessageId] = Stopwatch.GetTimestamp();
            await room.SendMessageAsync(message, CancellationToken.None);
        });
        while (Volatile.Read(ref received) < total && clock.Elapsed < TimeSpan.FromMinutes(5))
        {
            await Task.Delay(10);
        }

        var elapsed = clock.Elapsed;
        var got = Math.Min(Volatile.Read(ref received), total);
        var percentiles = Percentiles.Of(latencies[..got]);
        foreach (var client in receivers)
        {
            await client.DisposeAsync();
        }

        await sender.DisposeAsync();
        return string.Create(CultureInfo.InvariantCulture,
            $"| {members:N0} | {messages:N0} | {inFlight} | {got:N0} / {total:N0} | {got / elapsed.TotalSeconds:N0} | {percentiles.P50:F1} | {percentiles.P99:F1} |");
    }

    /// <summary><paramref name="pairs"/> senders each send stored C2C messages to a partner for <paramref name="seconds"/>, one in flight each.</summary>
    public static async Task<string> DurableAsync(Uri server, uint appId, UserSigGenerator sigs, string store, int pairs, int seconds)
    {
        var senders = new LiveClient[pairs];
        for (var i = 0; i < pairs; i++)
        {
            await (await LoginAsync(server, appId, sigs, $"dur_{store}_r{i}")).DisposeAsync(); // receivers exist, offline: inbox path
            senders[i] = await LoginAsync(server, appId, sigs, $"dur_{store}_s{i}");
        }

        var acknowledged = 0L;
        var latency = new ConcurrentBag<double>();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, pairs).Select(i => Task.Run(async () =>
        {
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var started = Stopwatch.GetTimestamp();
                await senders[i].SendC2CMessageAsync($"dur_{store}_r{i}", LiveMessage.Text($"durable {n}"), CancellationToken.None);
                latency.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                Interlocked.Increment(ref acknowledged);
            }
        })));
        var elapsed = clock.Elapsed;
        foreach (var sender in senders)
        {
            await sender.DisposeAsync();
        }

        var p = Percentiles.Of([.. latency]);
        return string.Create(CultureInfo.InvariantCulture, $"| {store} | {pairs} | {acknowledged / elapsed.TotalSeconds:N0} | {p.P50:F2} | {p.P99:F2} |");
    }

    private static async Task<LiveClient> LoginAsync(Uri server, uint appId, UserSigGenerator sigs, string user)
    {
        var client = new LiveClient(new LiveClientOptions { ServerUrl = server, SdkAppId = appId, RequestTimeout = TimeSpan.FromSeconds(60) });
        await client.LoginAsync(user, sigs.GenUserSig(user, 3600), CancellationToken.None);
        return client;
    }
}
