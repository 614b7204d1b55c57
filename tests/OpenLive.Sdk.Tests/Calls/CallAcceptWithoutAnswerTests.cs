using System.Net;
using System.Net.WebSockets;
using Google.Protobuf;
using OpenLive.Core.Errors;
using OpenLive.Protocol;
using OpenLive.Protocol.V1;
using OpenLive.Sdk.Calls;
using OpenLive.Testing;

namespace OpenLive.Sdk.Tests.Calls;

/// <summary>
/// CallSDK's ERR_CALL_FAILED (101): an accept that gets no answer leaves the call's state unknown, so the SDK ends the
/// invitation with 101 and rejects with 1005. A server that logs the client in with one ringing invitation and then
/// answers nothing stands in for a server (or path) that stalled — the real server always answers.
/// </summary>
public sealed class CallAcceptWithoutAnswerTests
{
    [Fact]
    public async Task AnAcceptWithoutAnswer_RejectsWith1005_AndEndsTheInvitationWithCode101()
    {
        await using var server = await StallingServer.StartAsync(callId: 42);
        await using var client = new LiveClient(new LiveClientOptions { ServerUrl = server.Url, SdkAppId = 1, RequestTimeout = TimeSpan.FromMilliseconds(300), AutoReconnect = false });
        await client.LoginAsync("bob", "sig");
        Assert.Equal(42ul, Assert.Single(client.RingingCalls).CallId);
        var ended = Events.Next<LiveCallEndedEventArgs>(h => client.CallEnded += h);

        var refused = await Assert.ThrowsAsync<LiveException>(() => client.AcceptCallAsync(42));

        Assert.Equal(("AVSDK", 1005), (refused.Module, refused.Code));
        Assert.Equal((42ul, LiveCallEndCode.Failed), ((await ended).CallId, (await ended).Code));
        Assert.Empty(client.RingingCalls);
        Assert.Null(client.CurrentCall);
    }

    /// <summary>Answers the login (with one invitation ringing) and nothing after it.</summary>
    private sealed class StallingServer : IAsyncDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly CancellationTokenSource _stop = new();
        private Task _loop = Task.CompletedTask;

        public Uri Url { get; private set; } = null!;

        public static Task<StallingServer> StartAsync(ulong callId)
        {
            var server = new StallingServer();
            server.Url = new Uri($"http://127.0.0.1:{TestServer.FreePort()}/");
            server._listener.Prefixes.Add(server.Url.ToString());
            server._listener.Start();
            server._loop = Task.Run(() => server.ServeAsync(callId));
            return Task.FromResult(server);
        }

        private async Task ServeAsync(ulong callId)
        {
            try
            {
                var context = await _listener.GetContextAsync();
                using var ws = (await context.AcceptWebSocketAsync(ProtocolVersion.SubProtocol)).WebSocket;
                var buffer = new byte[65536];
                while (ws.State == WebSocketState.Open)
                {
                    var result = await ws.ReceiveAsync(buffer, _stop.Token);
                    if (result.MessageType == WebSocketMessageType.Close || !result.EndOfMessage)
                    {
                        break;
                    }

                    var request = ClientFrame.Parser.ParseFrom(buffer, 0, result.Count);
                    if (request.BodyCase == ClientFrame.BodyOneofCase.Login)
                    {
                        var login = new LoginResult
                        {
                            TinyId = 1, SigExpiresAt = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds(), HeartbeatIntervalMs = 10_000, SessionTimeoutMs = 30_000,
                            RingingCalls = { new CallInvitation { CallId = callId, CallType = CallType.Video, SponsorUserId = "carol", InviterUserId = "carol", RingUntilMs = DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeMilliseconds() } },
                        };
                        await ws.SendAsync(new ServerFrame { RequestId = request.RequestId, Login = login }.ToByteArray(), WebSocketMessageType.Binary, true, _stop.Token);
                    }
                }
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException or HttpListenerException or ObjectDisposedException)
            {
                // Client gone or server stopping.
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            try
            {
                _listener.Stop();
            }
            catch (ObjectDisposedException)
            {
                // .NET's managed HttpListener (Linux) closes each open connection on Stop and throws when the client has
                // closed it already — the SDK under test may have, after its timeout. The listener is stopped either way
                // (a fresh-clone run hit it once).
            }

            await _loop;
            try
            {
                _listener.Close();
            }
            catch (ObjectDisposedException)
            {
                // The same cleanup, if Stop gave up half way.
            }

            _stop.Dispose();
        }
    }
}
