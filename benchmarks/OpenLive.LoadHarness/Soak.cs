using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using OpenLive.Core.Auth;
using OpenLive.Core.Errors;
using OpenLive.Sdk;
using OpenLive.Sdk.Im;
using OpenLive.Sdk.Media;
using OpenLive.Sdk.Rooms;

namespace OpenLive.LoadHarness;

/// <summary>
/// The churn soak (issue 12): <c>clients</c> SDK clients in one process against one server for <c>minutes</c>. Rooms
/// of <see cref="RoomSize"/>: member 0 of each is its host, who creates the room once and stays; in one room in
/// <see cref="MediaRoomEvery"/> the host also publishes audio (a real publisher connection: ICE, DTLS, SRTP, with
/// an RTP packet every 100 ms) and the audience get subscriber connections from the server. Every other client loops:
/// join its room, send a group message, quit, and every <see cref="CyclesPerSession"/> cycles log out and back in on a
/// new connection. Errors are counted by module and code. Memory and leak figures are read by soak.sh from the
/// server (RSS, /metrics); this prints the client side: cycles and errors.
/// </summary>
internal static class Soak
{
    private const int RoomSize = 10;
    private const int MediaRoomEvery = 10;
    private const int CyclesPerSession = 5;
    private const uint RoomBase = 7_000_000;

    public static async Task<int> RunAsync(Uri server, uint appId, UserSigGenerator sigs, int clients, double minutes, string phaseFile)
    {
        var errors = new ConcurrentDictionary<string, int>();
        long cycles = 0, messages = 0, relogins = 0, mediaPackets = 0;
        var deadline = Stopwatch.StartNew();
        var duration = TimeSpan.FromMinutes(minutes);
        var rooms = (clients + RoomSize - 1) / RoomSize;
        void Count(Exception e)
        {
            var key = e is LiveException live ? $"{live.Module} {live.Code}" : e.GetType().Name;
            errors.AddOrUpdate(key, 1, (_, n) => n + 1);
        }

        // Hosts first: every room exists before its audience starts joining.
        var hosts = new LiveClient[rooms];
        var hostRooms = new LiveRoom?[rooms];
        var publishers = new LivePublisher?[rooms];
        await Parallel.ForEachAsync(Enumerable.Range(0, rooms), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (r, ct) =>
        {
            hosts[r] = new LiveClient(new LiveClientOptions { ServerUrl = server, SdkAppId = appId, RequestTimeout = TimeSpan.FromSeconds(30) });
            try
            {
                var user = $"soak_host_{r}";
                await hosts[r].LoginAsync(user, sigs.GenUserSig(user, 86400), ct);
                hostRooms[r] = await hosts[r].CreateRoomAsync(RoomBase + (uint)r, new LiveRoomOptions { ControlRole = "LiveMaster" }, ct);
                if (r % MediaRoomEvery == 0)
                {
                    publishers[r] = await hostRooms[r]!.PublishAsync(new LivePublishOptions { Audio = true }, ct);
                }
            }
            catch (Exception e) when (e is LiveException or TimeoutException or OperationCanceledException)
            {
                Count(e);
            }
        });
        File.WriteAllText(phaseFile, "running\n");
        Console.Error.WriteLine($"soak: {rooms} rooms ({(rooms + MediaRoomEvery - 1) / MediaRoomEvery} with audio), {clients - rooms} churning members, {minutes} min");

        using var media = new CancellationTokenSource();
        var sender = Task.Run(async () =>
        {
            var payload = new byte[] { 0xF8, 0xFF, 0xFE }; // an Opus DTX frame
            uint timestamp = 0;
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
            while (await timer.WaitForNextTickAsync(media.Token).ConfigureAwait(false))
            {
                timestamp += 4800;
                foreach (var publisher in publishers)
                {
                    if (publisher?.Audio is { } audio && publisher.Connection.SendRtp(audio, audio.PayloadType, false, timestamp, payload))
                    {
                        Interlocked.Increment(ref mediaPackets);
                    }
                }
            }
        });

        var members = Enumerable.Range(0, clients).Where(i => i % RoomSize != 0).ToArray();
        await Parallel.ForEachAsync(members, new ParallelOptions { MaxDegreeOfParallelism = members.Length }, async (i, ct) =>
        {
            var random = new Random(i);
            var roomId = RoomBase + (uint)(i / RoomSize);
            var user = $"soak_{i}";
            LiveClient? client = null;
            var cycle = 0;
            // Spread the start so the churn is steady rather than a storm.
            await Task.Delay(random.Next(0, 5000), ct);
            while (deadline.Elapsed < duration)
            {
                try
                {
                    if (client is null)
                    {
                        client = new LiveClient(new LiveClientOptions { ServerUrl = server, SdkAppId = appId, RequestTimeout = TimeSpan.FromSeconds(30) });
                        await client.LoginAsync(user, sigs.GenUserSig(user, 86400), ct);
                    }

                    var room = await client.JoinRoomAsync(roomId, LiveRoomOptions.Audience(), ct);
                    await Task.Delay(random.Next(500, 2500), ct);
                    await room.SendMessageAsync(LiveMessage.Text($"hello from {user} #{cycle}"), ct);
                    Interlocked.Increment(ref messages);
                    await Task.Delay(random.Next(500, 2500), ct);
                    await client.QuitRoomAsync(ct);
                    Interlocked.Increment(ref cycles);
                }
                catch (Exception e) when (e is LiveException or TimeoutException or OperationCanceledException)
                {
                    Count(e);
                    await Recycle();
                }

                if (++cycle % CyclesPerSession == 0)
                {
                    await Recycle();
                    Interlocked.Increment(ref relogins);
                }

                await Task.Delay(random.Next(200, 1000), ct);
            }

            await Recycle();

            async Task Recycle()
            {
                if (client is null)
                {
                    return;
                }

                try
                {
                    await client.LogoutAsync(ct);
                }
                catch (Exception e) when (e is LiveException or TimeoutException or OperationCanceledException)
                {
                    Count(e);
                }

                await client.DisposeAsync();
                client = null;
            }
        });

        File.WriteAllText(phaseFile, "leaving\n");
        await media.CancelAsync();
        try
        {
            await sender;
        }
        catch (OperationCanceledException)
        {
            // The sender stops here.
        }

        for (var r = 0; r < rooms; r++)
        {
            publishers[r]?.Dispose();
            try
            {
                if (hostRooms[r] is { } room)
                {
                    await room.DismissAsync();
                }

                await hosts[r].LogoutAsync();
            }
            catch (Exception e) when (e is LiveException or TimeoutException or OperationCanceledException)
            {
                Count(e);
            }

            await hosts[r].DisposeAsync();
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"client side: {cycles:N0} join/chat/quit cycles, {messages:N0} messages, {relogins:N0} re-logins, {mediaPackets:N0} RTP packets sent"));
        Console.WriteLine(errors.IsEmpty ? "client errors: none" : "client errors (module code: count): " + string.Join(", ", errors.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"{e.Key}: {e.Value}")));
        return errors.Values.Sum();
    }
}
