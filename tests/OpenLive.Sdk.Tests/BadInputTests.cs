using System.Net;
using System.Net.WebSockets;
using Microsoft.Extensions.Time.Testing;
using OpenLive.Core.Errors;
using OpenLive.Protocol.V1;
using OpenLive.Testing;

namespace OpenLive.Sdk.Tests;

/// <summary>Bad bytes on the wire, both directions: clear errors, no crash, no effect on other sessions.</summary>
public sealed class BadInputTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private TestServer Server => shared.Server;

    [Fact]
    public async Task MalformedAndTextFrames_Get8052_AndOthersAreUnaffected()
    {
        await using var bystander = await Server.LoggedInClientAsync("bystander");
        await using var raw = await RawSocket.ConnectAsync(Server.Url);

        await raw.SendBytesAsync([0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x01]);
        var reply = await raw.ReceiveAsync();
        Assert.Equal(("ILiveSDK", 8052), (reply!.Error.Module, reply.Error.Code));

        await raw.SendBytesAsync("{\"login\":1}"u8.ToArray(), WebSocketMessageType.Text);
        reply = await raw.ReceiveAsync();
        Assert.Equal(8052, reply!.Error.Code);

        // Still usable after bad frames.
        await raw.SendAsync(new ClientFrame { RequestId = 7, Heartbeat = new Heartbeat { ClientTimeMs = 1 } });
        reply = await raw.ReceiveAsync();
        Assert.Equal(7u, reply!.RequestId);
        Assert.Equal(ServerFrame.BodyOneofCase.Heartbeat, reply.BodyCase);

        Assert.Equal("bystander", await bystander.GetUserIdAsync(bystander.TinyId));
    }

    [Fact]
    public async Task RequestsWithoutLoginOrBody_AreRefusedClearly()
    {
        await using var raw = await RawSocket.ConnectAsync(Server.Url);
        await raw.SendAsync(new ClientFrame { RequestId = 1, Logout = new Logout() });
        Assert.Equal(8009, (await raw.ReceiveAsync())!.Error.Code);
        await raw.SendAsync(new ClientFrame { RequestId = 2 });
        Assert.Equal(8021, (await raw.ReceiveAsync())!.Error.Code);
        await raw.SendAsync(new ClientFrame { RequestId = 0, Login = new Login { SdkAppId = Server.AppId, UserId = "x", UserSig = "y" } });
        Assert.Equal(8021, (await raw.ReceiveAsync())!.Error.Code);
        await raw.SendAsync(new ClientFrame { RequestId = 3, Login = new Login { SdkAppId = Server.AppId, UserId = "x", UserSig = Server.Sig("x"), ProtocolVersion = 99 } });
        Assert.Equal(8023, (await raw.ReceiveAsync())!.Error.Code);

        // request_id 4 plus field 99 (a request type from a newer protocol): varint tag 99<<3|0, value 1.
        await raw.SendBytesAsync([0x08, 0x04, 0x98, 0x06, 0x01]);
        var unknown = (await raw.ReceiveAsync())!;
        Assert.Equal((4u, "AVSDK", 10007), (unknown.RequestId, unknown.Error.Module, unknown.Error.Code));
    }

    [Fact]
    public async Task SendingToTheGroupOfARoomOneIsNotIn_Is10006_AndNothingIsStored()
    {
        await using var host = await Server.LoggedInClientAsync("grp_host");
        var hostRoom = await host.CreateRoomAsync(9801, Rooms.LiveRoomOptions.Host());
        await using var raw = await RawSocket.ConnectAsync(Server.Url);
        await raw.SendAsync(new ClientFrame { RequestId = 1, Login = new Login { SdkAppId = Server.AppId, UserId = "grp_outsider", UserSig = Server.Sig("grp_outsider") } });
        Assert.Equal(ServerFrame.BodyOneofCase.Login, (await raw.ReceiveAsync())!.BodyCase);

        var send = new SendMessage { To = new Conversation { GroupId = "9801" } };
        send.Elements.Add(new MessageElement { Text = new TextElement { Text = "let me in" } });
        await raw.SendAsync(new ClientFrame { RequestId = 2, SendMessage = send });
        var reply = (await raw.ReceiveAsync())!;
        Assert.Equal((2u, "AVSDK", 10006), (reply.RequestId, reply.Error.Module, reply.Error.Code));
        Assert.Empty(await hostRoom.GetMessagesAsync());
    }

    [Fact]
    public async Task OversizedFrame_ClosesThatConnectionOnly()
    {
        await using var bystander = await Server.LoggedInClientAsync("bystander2");
        await using var raw = await RawSocket.ConnectAsync(Server.Url);
        await raw.SendBytesAsync(new byte[200 * 1024]);
        Assert.Null(await raw.ReceiveAsync());
        Assert.Equal(WebSocketCloseStatus.MessageTooBig, raw.CloseStatus);
        Assert.Equal("bystander2", await bystander.GetUserIdAsync(bystander.TinyId));
    }

    [Fact]
    public async Task FrameFlood_IsRateLimitedWith8011()
    {
        // The limit is a token bucket (50 frames/s, bursts of 100) on the server's clock. On the real clock the outcome
        // would hang on how fast 150 frames go out; on a clock that does not move the bucket never refills, so exactly
        // the frames past the burst are refused, however slow the machine.
        await using var server = await TestServer.StartAsync(new FakeTimeProvider(DateTimeOffset.UtcNow));
        await using var raw = await RawSocket.ConnectAsync(server.Url);
        for (var i = 0; i < 150; i++)
        {
            await raw.SendAsync(new ClientFrame { Heartbeat = new Heartbeat() });
        }

        var busy = 0;
        for (var i = 0; i < 150; i++)
        {
            var frame = await raw.ReceiveAsync();
            Assert.NotNull(frame);
            busy += frame.Error?.Code == 8011 ? 1 : 0;
        }

        Assert.Equal(50, busy);
    }

    [Fact]
    public async Task SilentServer_GivesRequestTimeout1005()
    {
        await using var fake = await FakeServer.StartAsync(answer: null);
        await using var client = new LiveClient(new LiveClientOptions { ServerUrl = fake.Url, SdkAppId = 1, RequestTimeout = TimeSpan.FromMilliseconds(300) });
        var e = await Assert.ThrowsAsync<LiveException>(() => client.LoginAsync("u", "s"));
        Assert.Equal(("AVSDK", 1005), (e.Module, e.Code));
    }

    [Fact]
    public async Task GarbageFromTheServer_Raises8052()
    {
        await using var fake = await FakeServer.StartAsync(answer: [0xFF, 0xFF, 0xFF, 0xFF, 0xFF]);
        await using var client = new LiveClient(new LiveClientOptions { ServerUrl = fake.Url, SdkAppId = 1, RequestTimeout = TimeSpan.FromMilliseconds(500) });
        var protocolError = Events.Next<ForcedOfflineEventArgs>(h => client.ProtocolError += h);
        await Assert.ThrowsAsync<LiveException>(() => client.LoginAsync("u", "s"));
        var reason = (await protocolError).Reason;
        Assert.Equal(("ILiveSDK", 8052), (reason.Module, reason.Code));
    }

    /// <summary>A WebSocket server that accepts and answers every frame with fixed bytes, or never answers.</summary>
    private sealed class FakeServer : IAsyncDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly CancellationTokenSource _stop = new();
        private Task _loop = Task.CompletedTask;

        public Uri Url { get; private set; } = null!;

        public static Task<FakeServer> StartAsync(byte[]? answer)
        {
            var server = new FakeServer();
            var port = TestServer.FreePort();
            server.Url = new Uri($"http://127.0.0.1:{port}/");
            server._listener.Prefixes.Add(server.Url.ToString());
            server._listener.Start();
            server._loop = Task.Run(() => server.ServeAsync(answer));
            return Task.FromResult(server);
        }

        private async Task ServeAsync(byte[]? answer)
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

                var ws = (await context.AcceptWebSocketAsync("openlive.v1")).WebSocket;
                var buffer = new byte[65536];
                try
                {
                    while (ws.State == WebSocketState.Open)
                    {
                        var result = await ws.ReceiveAsync(buffer, _stop.Token);
                        if (result.MessageType == WebSocketMessageType.Close)
                        {
                            break;
                        }

                        if (answer is not null && result.EndOfMessage)
                        {
                            await ws.SendAsync(answer, WebSocketMessageType.Binary, true, _stop.Token);
                        }
                    }
                }
                catch (Exception e) when (e is WebSocketException or OperationCanceledException)
                {
                    // Client gone or server stopping.
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Stop();
            try
            {
                await _loop;
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or OperationCanceledException)
            {
                // Stopped.
            }

            _listener.Close();
            _stop.Dispose();
        }
    }
}
