using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using OpenLive.Core.Errors;
using OpenLive.Sdk.Calls;
using OpenLive.Sdk.Im;
using OpenLive.Sdk.Rooms;
using OpenLive.Testing;

namespace OpenLive.Server.Tests.Webhooks;

/// <summary>Webhooks against a real HTTP listener standing in for the app's backend.</summary>
public sealed class WebhookTests : IAsyncLifetime
{
    private const string Secret = "hook-secret-for-the-webhook-tests-0123456789";
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<(string Event, string Delivery, int Status, JsonDocument Body)> _received = new();
    private readonly CancellationTokenSource _stop = new();
    private int _failuresToServe = 2; // the first two deliveries get 500: retries must follow
    private Task _loop = Task.CompletedTask;
    private TestServer _server = null!;

    public async ValueTask InitializeAsync()
    {
        var port = TestServer.FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
        _server = await TestServer.StartAsync(null,
            $"--OpenLive:Webhooks:Url=http://127.0.0.1:{port}/events",
            $"--OpenLive:Webhooks:BeforeSendUrl=http://127.0.0.1:{port}/before",
            $"--OpenLive:Webhooks:Secret={Secret}",
            "--OpenLive:Webhooks:FirstRetryDelay=00:00:00.050");
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        await _stop.CancelAsync();
        _listener.Stop();
        _listener.Close();
        try
        {
            await _loop;
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or OperationCanceledException)
        {
            // Stopped.
        }
    }

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }

            using var reader = new StreamReader(context.Request.InputStream);
            var body = await reader.ReadToEndAsync();
            var timestamp = context.Request.Headers["X-OpenLive-Timestamp"]!;
            var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes($"{timestamp}.{body}")));
            var signed = context.Request.Headers["X-OpenLive-Signature"] == expected;

            if (context.Request.Url!.AbsolutePath == "/before")
            {
                var refuse = body.Contains("forbidden", StringComparison.Ordinal);
                var answer = refuse ? "{\"allow\":false,\"reason\":\"contains a forbidden word\"}" : "{\"allow\":true}";
                context.Response.StatusCode = signed ? 200 : 401;
                await context.Response.OutputStream.WriteAsync(Encoding.UTF8.GetBytes(answer));
                context.Response.Close();
                continue;
            }

            var status = !signed ? 401 : Interlocked.Decrement(ref _failuresToServe) >= 0 ? 500 : 200;
            _received.Enqueue((context.Request.Headers["X-OpenLive-Event"]!, context.Request.Headers["X-OpenLive-Delivery"]!, status, JsonDocument.Parse(body)));
            context.Response.StatusCode = status;
            context.Response.Close();
        }
    }

    private bool Delivered(string name, Func<JsonElement, bool>? match = null) =>
        _received.Any(r => r.Event == name && r.Status == 200 && (match is null || match(r.Body.RootElement)));

    [Fact]
    public async Task Events_AreSigned_Retried_AndCoverTheSessionRoomAndMessageFlow()
    {
        await using (var host = await _server.LoggedInClientAsync("wh_host"))
        {
            await using var viewer = await _server.LoggedInClientAsync("wh_viewer");
            var room = await host.CreateRoomAsync(9701, LiveRoomOptions.Host());
            var seat = await viewer.JoinRoomAsync(9701, LiveRoomOptions.Audience());
            await seat.SendMessageAsync(LiveMessage.Text("hello"));
            await seat.QuitAsync();
            await room.DismissAsync();
        }

        await LoginWait(() => Delivered("user.logout", b => b.GetProperty("userId").GetString() == "wh_viewer"));
        // The first deliveries are refused (500) and retried with backoff, so events may arrive in any order: wait for each.
        await LoginWait(() => Delivered("user.login", b => b.GetProperty("userId").GetString() == "wh_host"));
        await LoginWait(() => Delivered("room.created", b => b.GetProperty("roomId").GetString() == "9701" && b.GetProperty("userId").GetString() == "wh_host"));
        await LoginWait(() => Delivered("member.in", b => b.GetProperty("userId").GetString() == "wh_viewer"));
        await LoginWait(() => Delivered("message.sent", b => b.GetProperty("message").GetProperty("text").GetString() == "hello" && b.GetProperty("message").GetProperty("toGroup").GetString() == "9701"));
        await LoginWait(() => Delivered("member.out", b => b.GetProperty("userId").GetString() == "wh_viewer"));
        await LoginWait(() => Delivered("room.dismissed"));

        // The deliveries that got 500 were retried under the same delivery id until the backend took them.
        var failed = _received.Where(r => r.Status == 500).Select(r => r.Delivery).ToArray();
        Assert.Equal(2, failed.Length);
        Assert.All(failed, id => Assert.Contains(_received, r => r.Delivery == id && r.Status == 200));
        Assert.DoesNotContain(_received, r => r.Status == 401); // every body was signed correctly
    }

    [Fact]
    public async Task BeforeSendHook_CanRefuseAMessage_WithItsReason()
    {
        await using var alice = await _server.LoggedInClientAsync("veto_alice");
        await using var bob = await _server.LoggedInClientAsync("veto_bob");
        var refused = await Assert.ThrowsAsync<LiveException>(() => alice.SendC2CMessageAsync("veto_bob", LiveMessage.Text("a forbidden thing")));
        Assert.Equal(("AVSDK", 10003), (refused.Module, refused.Code));
        Assert.Contains("contains a forbidden word", refused.Message, StringComparison.Ordinal);
        Assert.Empty(await bob.GetMessagesAsync(ConversationRef.WithUser("veto_alice")));

        await alice.SendC2CMessageAsync("veto_bob", LiveMessage.Text("a fine thing"));
        Assert.Single(await bob.GetMessagesAsync(ConversationRef.WithUser("veto_alice")));
    }

    [Fact]
    public async Task Calls_ReportStartedAndEnded_WithTheEndCode()
    {
        await using var alice = await _server.LoggedInClientAsync("whc_alice");
        await using var bob = await _server.LoggedInClientAsync("whc_bob");
        var ringing = Events.Next<IncomingCallEventArgs>(h => bob.IncomingCall += h);
        var call = await alice.MakeCallAsync("whc_bob", new LiveCallOptions { Type = LiveCallType.Audio });
        await bob.RefuseCallAsync((await ringing).Invitation.CallId);

        var id = call.CallId;
        bool IsThisCall(JsonElement body) => body.GetProperty("call").GetProperty("callId").GetUInt64() == id;
        await LoginWait(() => Delivered("call.started", b => IsThisCall(b) && b.GetProperty("userId").GetString() == "whc_alice"
            && b.GetProperty("call").GetProperty("kind").GetString() == "audio" && b.GetProperty("call").GetProperty("invitees")[0].GetString() == "whc_bob"));
        await LoginWait(() => Delivered("call.ended", b => IsThisCall(b) && b.GetProperty("userId").GetString() == "whc_bob"
            && b.GetProperty("call").GetProperty("endCode").GetInt32() == 3 && b.GetProperty("roomId").GetString() == $"call-{id}"));
    }

    private static async Task LoginWait(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Events.Timeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "webhook not delivered in time");
            await Task.Delay(50);
        }
    }
}
