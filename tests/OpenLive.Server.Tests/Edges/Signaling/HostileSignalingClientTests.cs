using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using OpenLive.Protocol;
using OpenLive.Protocol.V1;
using OpenLive.Sdk.Im;
using OpenLive.Testing;

namespace OpenLive.Server.Tests.Edges.Signaling;

/// <summary>
/// A hostile signaling client over a real WebSocket: every request type with missing fields, every integer at each
/// extreme, oversized strings, then garbage frames (random bytes, text, truncated protobuf) and a frame above the size
/// limit. Meanwhile two SDK clients keep chatting. The server answers each request clearly (seed-table codes), never
/// crashes, stays healthy (/healthz) and its memory stays bounded. The counts go to the test output (benchmarks.md).
/// </summary>
/// <remarks>
/// The memory bound is read from this process's working set, which the in-process server shares with every test class
/// xunit runs beside it: run alone (a collection without parallelization), the growth measured is this test's own.
/// </remarks>
[Collection(nameof(HostileSignalingClientTests))]
public sealed class HostileSignalingClientTests(ITestOutputHelper output)
{
    private const string Peer = "hsc_bob";
    private const int GarbageFrames = 200;
    private static readonly long MemoryBound = 256L * 1024 * 1024;

    [Fact]
    public async Task HostileClient_GetsClearErrors_WhileOthersKeepChatting_AndTheServerStaysHealthy()
    {
        // The frame rate is raised so that every request is looked at (the rate limit has its own test, BadInputTests).
        await using var server = await TestServer.StartAsync(null, "--OpenLive:MaxFramesPerSecond=10000");
        var log = CapturedServerLog.Attach(server);
        using var http = new HttpClient { BaseAddress = server.Url };
        await using var alice = await server.LoggedInClientAsync("hsc_alice");
        await using var bob = await server.LoggedInClientAsync(Peer);
        var chat = new ConcurrentQueue<string>();
        bob.MessageReceived += (_, e) =>
        {
            if (e.Message.Sender == "hsc_alice")
            {
                chat.Enqueue(e.Message.Text); // the hostile client messages bob too
            }
        };
        var rssBefore = Rss();

        var sent = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var errors = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var chatted = 0;
        var n = 0;
        foreach (var type in WireRequests.RequestTypes)
        {
            foreach (var inRoom in new[] { false, true })
            {
                var probe = await SignalingProbe.ConnectAsync(server, $"hsc_{n++}", loggedIn: type.Name != "login", inRoom);
                try
                {
                    foreach (var frame in HostileRequests(type, probe))
                    {
                        // A logout or login changes the session, and a connection that has not logged in is closed
                        // after the login timeout: those carry on with a fresh connection.
                        if (type.Name == "login" || !probe.IsOpen || !await probe.IsAliveAsync())
                        {
                            await probe.DisposeAsync();
                            probe = await SignalingProbe.ConnectAsync(server, $"hsc_{n++}", loggedIn: type.Name != "login", inRoom);
                        }

                        Count(sent, type.Name);
                        var reply = await probe.AskAsync(frame);
                        Assert.True(reply is not null, $"{type.Name}: the connection ended without an answer to a {frame.CalculateSize()}-byte request");
                        if (reply.Error is { } error)
                        {
                            Assert.True(WireRequests.IsClearError(error, out var why), $"{type.Name}: unclear error {why}");
                            Count(errors, $"{error.Module} {error.Code}");
                        }
                    }
                }
                finally
                {
                    await probe.DisposeAsync();
                }
            }

            // The others' sessions carry on: a message per request type, each must arrive.
            await alice.SendC2CMessageAsync(Peer, LiveMessage.Text($"still chatting {chatted++}"));
        }

        var garbage = await SendGarbageAsync(server, errors);
        sent["(garbage frames)"] = garbage;
        var oversizedClose = await SendOversizedFrameAsync(server);
        sent["(frame above the limit)"] = 1;

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode);
        await alice.SendC2CMessageAsync(Peer, LiveMessage.Text($"still chatting {chatted++}"));
        await WaitUntilAsync(() => chat.Count == chatted, () => $"bob got {chat.Count} of {chatted} messages ({string.Join(", ", chat)}); logged in: {bob.IsLoggedIn}");
        Assert.Equal(Enumerable.Range(0, chatted).Select(i => $"still chatting {i}"), chat);
        Assert.Equal(WebSocketCloseStatus.MessageTooBig, oversizedClose);
        var rssAfter = Rss();
        Assert.Empty(log.Failures);
        Assert.True(rssAfter - rssBefore < MemoryBound, $"memory grew by {(rssAfter - rssBefore) / (1024 * 1024)} MB");

        string[] summary =
        [
            $"requests sent: {sent.Values.Sum()} over {WireRequests.RequestTypes.Count} request types; crashes: 0; server log errors: 0",
            "per type: " + string.Join(", ", sent.Select(p => $"{p.Key} {p.Value}")),
            "errors by code: " + string.Join(", ", errors.Select(p => $"{p.Key} ×{p.Value}")),
            string.Create(CultureInfo.InvariantCulture, $"RSS before {rssBefore / (1024 * 1024)} MB, after {rssAfter / (1024 * 1024)} MB; frame above the limit closed with {oversizedClose}"),
        ];
        foreach (var line in summary)
        {
            output.WriteLine(line);
        }

        // For docs/benchmarks.md: OPENLIVE_HOSTILE_SUMMARY=<file> writes the counts there too.
        if (Environment.GetEnvironmentVariable("OPENLIVE_HOSTILE_SUMMARY") is { Length: > 0 } file)
        {
            await File.WriteAllLinesAsync(file, summary);
        }
    }

    /// <summary>The hostile variants of one request type: nothing set, each extreme in every integer, then oversized strings.</summary>
    private static IEnumerable<ClientFrame> HostileRequests(FieldDescriptor type, SignalingProbe probe)
    {
        var id = 100u;
        var missing = new ClientFrame { RequestId = id++ };
        type.Accessor.SetValue(missing, Activator.CreateInstance(type.MessageType.ClrType));
        yield return missing;
        foreach (var extreme in WireRequests.Extremes)
        {
            yield return WireRequests.Request(type, id++, _ => extreme, field => probe.Text(field, Peer));
        }

        // Every string at once at 60,000 characters would exceed the frame limit: one oversized string per request.
        var strings = 0;
        WireRequests.Request(type, 0, _ => 1, _ =>
        {
            strings++;
            return string.Empty;
        });
        for (var s = 0; s < strings; s++)
        {
            var index = 0;
            yield return WireRequests.Request(type, id++, _ => 1, field => index++ == s ? new string('x', 60_000) : probe.Text(field, Peer));
        }
    }

    /// <summary>Random bytes, text frames and truncated requests on one logged-in connection; each must be answered and leave it usable.</summary>
    private static async Task<int> SendGarbageAsync(TestServer server, SortedDictionary<string, int> errors)
    {
        await using var probe = await SignalingProbe.ConnectAsync(server, "hsc_garbage", loggedIn: true, inRoom: true);
        var random = new Random(12);
        var valid = new ClientFrame { RequestId = 9, SendMessage = new SendMessage { To = new Conversation { UserId = Peer } } }.ToByteArray();
        for (var i = 0; i < GarbageFrames; i++)
        {
            switch (i % 4)
            {
                case 0 or 1:
                    var bytes = new byte[random.Next(1, 2048)];
                    random.NextBytes(bytes);
                    await probe.Socket.SendBytesAsync(bytes);
                    break;
                case 2:
                    await probe.Socket.SendBytesAsync(Encoding.UTF8.GetBytes($"{{\"login\":{i}}}"), WebSocketMessageType.Text);
                    break;
                default:
                    await probe.Socket.SendBytesAsync(valid[..random.Next(1, valid.Length)]);
                    break;
            }

            Assert.True(await probe.DrainUntilAliveAsync(frame =>
            {
                if (frame.Error is { } error)
                {
                    Assert.True(WireRequests.IsClearError(error, out var why), $"garbage frame {i}: unclear error {why}");
                    Count(errors, $"{error.Module} {error.Code}");
                }
            }), $"garbage frame {i} ended the connection");
        }

        return GarbageFrames;
    }

    /// <summary>A frame above the size limit ends its connection with 1009 (message too big), and only that one.</summary>
    private static async Task<WebSocketCloseStatus?> SendOversizedFrameAsync(TestServer server)
    {
        await using var probe = await SignalingProbe.ConnectAsync(server, "hsc_oversized", loggedIn: true, inRoom: false);
        await probe.Socket.SendBytesAsync(new byte[ProtocolVersion.MaxFrameBytes + 1]);
        Assert.False(await probe.DrainUntilAliveAsync(_ => { }));
        return probe.Socket.CloseStatus;
    }

    private static void Count(SortedDictionary<string, int> counts, string key) => counts[key] = counts.GetValueOrDefault(key) + 1;

    private static long Rss()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64;
    }

    private static async Task WaitUntilAsync(Func<bool> condition, Func<string> describe)
    {
        var deadline = DateTime.UtcNow + Events.Timeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, describe());
            await Task.Delay(20);
        }
    }
}

/// <summary>Runs <see cref="HostileSignalingClientTests"/> with no other test class at the same time.</summary>
[CollectionDefinition(nameof(HostileSignalingClientTests), DisableParallelization = true)]
public sealed class HostileSignalingClientRunsAlone;
