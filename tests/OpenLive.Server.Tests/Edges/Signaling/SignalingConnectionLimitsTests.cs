using System.Diagnostics.Metrics;
using System.Net;
using System.Net.WebSockets;
using Google.Protobuf;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OpenLive.Protocol.V1;
using OpenLive.Testing;

namespace OpenLive.Server.Tests.Edges.Signaling;

/// <summary>
/// Connections cost memory and a file descriptor before they prove anything: one that does not log in within the login
/// deadline is closed (1008), and the upgrade is refused beyond the per-IP (429) and total (503) caps.
/// </summary>
public sealed class SignalingConnectionLimitsTests
{
    [Fact]
    public async Task AConnectionThatNeverLogsIn_IsClosedAtTheLoginDeadline_With1008()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await TestServer.StartAsync(clock, "--OpenLive:LoginTimeout=00:00:10", "--OpenLive:SessionTimeout=00:30:00");
        using var socket = await ConnectAsync(server);
        await HeartbeatAsync(socket); // the session runs: its deadline is armed

        clock.Advance(TimeSpan.FromSeconds(9));
        await HeartbeatAsync(socket); // frames before the deadline do not count as a login, but the socket is still open
        clock.Advance(TimeSpan.FromSeconds(2));

        Assert.Null(await ReceiveAsync(socket));
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, socket.CloseStatus);
        Assert.Contains("log in", socket.CloseStatusDescription, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ALoggedInConnection_OutlivesTheLoginDeadline()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await TestServer.StartAsync(clock, "--OpenLive:LoginTimeout=00:00:10", "--OpenLive:SessionTimeout=00:30:00");
        await using var client = await server.LoggedInClientAsync("deadline_ok");

        clock.Advance(TimeSpan.FromSeconds(11));

        Assert.Equal("deadline_ok", await client.GetUserIdAsync(client.TinyId)); // a round trip after the deadline
        Assert.True(client.IsLoggedIn);
    }

    [Fact]
    public async Task ConnectionsBeyondThePerIpCap_AreRefusedAtTheUpgrade_With429_AndCounted()
    {
        await using var server = await TestServer.StartAsync(null, "--OpenLive:MaxConnectionsPerIp=2");
        using var refusals = new RefusalCounter(server);
        using var first = await ConnectAsync(server);
        using var second = await ConnectAsync(server);

        var refused = await RefusedStatusAsync(server);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused);
        Assert.Equal(1, refusals.Count("per_ip_limit"));
        await first.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        using var third = await ConnectWhenAdmittedAsync(server); // the closed connection's place is free again
        await HeartbeatAsync(third);
    }

    [Fact]
    public async Task ConnectionsBeyondTheTotalCap_AreRefusedAtTheUpgrade_With503()
    {
        await using var server = await TestServer.StartAsync(null, "--OpenLive:MaxConnections=1", "--OpenLive:MaxConnectionsPerIp=10");
        using var only = await ConnectAsync(server);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, await RefusedStatusAsync(server));
        await HeartbeatAsync(only);
    }

    private static Uri SignalUrl(TestServer server) => new UriBuilder(new Uri(server.Url, "/signal")) { Scheme = "ws" }.Uri;

    private static async Task<ClientWebSocket> ConnectAsync(TestServer server)
    {
        var socket = new ClientWebSocket();
        await socket.ConnectAsync(SignalUrl(server), CancellationToken.None);
        return socket;
    }

    /// <summary>The HTTP status of an upgrade the server refuses.</summary>
    private static async Task<HttpStatusCode> RefusedStatusAsync(TestServer server)
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(SignalUrl(server), CancellationToken.None));
        return socket.HttpStatusCode;
    }

    /// <summary>Connects once the server admits the connection again: a closed connection frees its place when its session has ended.</summary>
    private static async Task<ClientWebSocket> ConnectWhenAdmittedAsync(TestServer server)
    {
        var deadline = DateTime.UtcNow + Events.Timeout;
        while (true)
        {
            var socket = new ClientWebSocket();
            try
            {
                await socket.ConnectAsync(SignalUrl(server), CancellationToken.None);
                return socket;
            }
            catch (WebSocketException) when (DateTime.UtcNow < deadline)
            {
                socket.Dispose();
                await Task.Delay(20);
            }
        }
    }

    private static async Task HeartbeatAsync(ClientWebSocket socket)
    {
        await socket.SendAsync(new ClientFrame { RequestId = 1, Heartbeat = new Heartbeat { ClientTimeMs = 1 } }.ToByteArray(), WebSocketMessageType.Binary, true, CancellationToken.None);
        var reply = await ReceiveAsync(socket);
        Assert.NotNull(reply);
        Assert.Equal(ServerFrame.BodyOneofCase.Heartbeat, reply.BodyCase);
    }

    /// <summary>The next frame, or null once the server closed the connection.</summary>
    private static async Task<ServerFrame?> ReceiveAsync(ClientWebSocket socket)
    {
        var buffer = new byte[64 * 1024];
        var length = 0;
        using var timeout = new CancellationTokenSource(Events.Timeout);
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer.AsMemory(length), timeout.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            length += result.Count;
            if (result.EndOfMessage)
            {
                return ServerFrame.Parser.ParseFrom(buffer, 0, length);
            }
        }
    }

    /// <summary>Counts <c>openlive.signaling.refused_connections</c> of one server (its meter factory's meters only).</summary>
    private sealed class RefusalCounter : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly Dictionary<string, long> _counts = [];
        private readonly Lock _gate = new();

        public RefusalCounter(TestServer server)
        {
            var factory = server.Services.GetRequiredService<IMeterFactory>();
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Scope == factory && instrument.Name == "openlive.signaling.refused_connections")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            {
                foreach (var tag in tags)
                {
                    if (tag.Key == "reason")
                    {
                        lock (_gate)
                        {
                            var reason = (string)tag.Value!;
                            _counts[reason] = _counts.GetValueOrDefault(reason) + value;
                        }
                    }
                }
            });
            _listener.Start();
        }

        public long Count(string reason)
        {
            lock (_gate)
            {
                return _counts.GetValueOrDefault(reason);
            }
        }

        public void Dispose() => _listener.Dispose();
    }
}
