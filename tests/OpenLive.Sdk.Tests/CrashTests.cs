using System.Collections.Concurrent;
using OpenLive.Core.Auth;
using OpenLive.Core.Errors;
using OpenLive.Sdk.Im;
using OpenLive.Testing;

namespace OpenLive.Sdk.Tests;

/// <summary>Nothing lost: kill -9 the server while clients send; every acknowledged message is in history exactly once.</summary>
public sealed class CrashTests
{
    [Fact]
    public async Task AcknowledgedMessages_SurviveKill9_ExactlyOnce()
    {
        var data = Path.Combine(Path.GetTempPath(), "openlive-crash-" + Guid.NewGuid().ToString("N"));
        var acknowledged = new ConcurrentDictionary<string, string>(); // client id -> message id
        var attempted = new ConcurrentDictionary<string, LiveMessage>();
        const int Senders = 4;

        using (var server = await ServerProcess.StartAsync(data))
        {
            var generator = new UserSigGenerator(server.AppId, server.Key);
            var clients = new List<LiveClient>();
            for (var i = 0; i <= Senders; i++)
            {
                var client = new LiveClient(new LiveClientOptions { ServerUrl = server.Url, SdkAppId = server.AppId, AutoReconnect = false });
                await client.LoginAsync($"crash_{i}", generator.GenUserSig($"crash_{i}"));
                clients.Add(client);
            }

            using var stop = new CancellationTokenSource();
            var sending = Enumerable.Range(1, Senders).Select(i => Task.Run(async () =>
            {
                for (var n = 0; !stop.IsCancellationRequested; n++)
                {
                    var message = LiveMessage.Text($"from {i} #{n}");
                    message.ClientMessageId = $"c{i}-{n}";
                    attempted[message.ClientMessageId] = message;
                    while (true)
                    {
                        try
                        {
                            var sent = await clients[i].SendC2CMessageAsync("crash_0", message);
                            acknowledged[message.ClientMessageId] = sent.MessageId;
                            break;
                        }
                        catch (LiveException e) when (e.Is(ILiveErrorCode.BusyHere))
                        {
                            await Task.Delay(50); // the per-user rate limit: send the same message again shortly
                        }
                        catch (LiveException)
                        {
                            return; // the server died under this send: not acknowledged
                        }
                    }
                }
            })).ToArray();

            await LoginTests.WaitUntil(() => acknowledged.Count >= 200);
            server.Kill(); // SIGKILL in the middle of the stream
            await stop.CancelAsync();
            await Task.WhenAll(sending);
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }

        using var restarted = await ServerProcess.StartAsync(data);
        var generator2 = new UserSigGenerator(restarted.AppId, restarted.Key);
        await using var reader = new LiveClient(new LiveClientOptions { ServerUrl = restarted.Url, SdkAppId = restarted.AppId });
        await reader.LoginAsync("crash_0", generator2.GenUserSig("crash_0"));

        var stored = new List<ReceivedMessage>();
        for (var i = 1; i <= Senders; i++)
        {
            ulong before = 0;
            while (true)
            {
                var page = await reader.GetMessagesAsync(ConversationRef.WithUser($"crash_{i}"), 100, before);
                stored.AddRange(page);
                if (page.Count < 100)
                {
                    break;
                }

                before = page[^1].Seq;
            }
        }

        // Every acknowledged message is there, once; nothing is there twice.
        var byClientId = stored.GroupBy(m => m.ClientMessageId).ToDictionary(g => g.Key, g => g.ToList());
        Assert.All(acknowledged, a => Assert.Equal(a.Value, Assert.Single(byClientId[a.Key]).MessageId));
        Assert.All(byClientId, g => Assert.Single(g.Value));

        // A sender retrying its unacknowledged messages after the restart stores none of them twice.
        var sender1 = new LiveClient(new LiveClientOptions { ServerUrl = restarted.Url, SdkAppId = restarted.AppId });
        await sender1.LoginAsync("crash_1", generator2.GenUserSig("crash_1"));
        foreach (var (clientId, message) in attempted.Where(a => a.Key.StartsWith("c1-", StringComparison.Ordinal) && !acknowledged.ContainsKey(a.Key)))
        {
            var retried = await sender1.SendC2CMessageAsync("crash_0", message);
            Assert.Equal(byClientId.TryGetValue(clientId, out var earlier), retried.Duplicate);
        }

        await sender1.DisposeAsync();
        restarted.Kill();
        Directory.Delete(data, recursive: true);
    }
}
