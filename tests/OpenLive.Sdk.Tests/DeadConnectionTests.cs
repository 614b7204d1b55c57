using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using OpenLive.Sdk.Rooms;
using OpenLive.Testing;

namespace OpenLive.Sdk.Tests;

/// <summary>
/// A server that vanishes without closing the connection — its machine lost, the link cut — sends no FIN or RST: the
/// socket stays open and TCP retransmits for minutes. The heartbeat watch (<see cref="LiveClientOptions.DeadConnectionTimeout"/>)
/// notices within about two seconds and the client reconnects to its fallback URL, keeping its room seat. A TCP relay
/// that stops forwarding in both directions (keeping both sockets open) stands in for the cut link.
/// </summary>
public sealed class DeadConnectionTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private TestServer Server => shared.Server;

    [Fact]
    public async Task ALinkThatGoesSilent_IsGivenUpWithinSeconds_AndTheClientResumesItsSeatThroughTheFallback()
    {
        await using var relay = await SilenceableRelay.StartAsync(Server.Url);
        await using var host = await Server.LoggedInClientAsync("dc_host");
        await host.CreateRoomAsync(9301, LiveRoomOptions.Host());
        await using var viewer = Server.NewClient(o =>
        {
            o.ServerUrl = relay.Url;
            o.FallbackServerUrls = [Server.Url];
        });
        await viewer.LoginAsync("dc_viewer", Server.Sig("dc_viewer"));
        var room = await viewer.JoinRoomAsync(9301, LiveRoomOptions.Audience());
        var states = new ConcurrentQueue<ConnectionStateChangedEventArgs>();
        viewer.ConnectionStateChanged += (_, e) => states.Enqueue(e);
        var back = Events.Next<ConnectionStateChangedEventArgs>(h => viewer.ConnectionStateChanged += h, e => e.State == ConnectionState.Connected);

        relay.Silence();
        var silencedAt = TimeProvider.System.GetTimestamp();
        await back;
        var took = TimeProvider.System.GetElapsedTime(silencedAt);

        var reconnecting = states.First();
        Assert.Equal(ConnectionState.Reconnecting, reconnecting.State);
        Assert.Equal(("ILiveSDK", 8012), (reconnecting.Error?.Module, reconnecting.Error?.Code));
        Assert.Contains("answered no heartbeat", reconnecting.Error?.Message, StringComparison.Ordinal);
        Assert.True(took < TimeSpan.FromSeconds(10), $"noticed after {took.TotalSeconds:0.0} s (the watch gives up after 2 s of silence; TCP alone would take minutes)");
        Assert.Same(room, viewer.CurrentRoom);
        Assert.Equal(["dc_host", "dc_viewer"], (await room.GetMembersAsync()).Select(m => m.UserId).Order());
    }

    [Fact]
    public async Task WithTheWatchOff_ASilentLinkIsNotNoticed()
    {
        await using var relay = await SilenceableRelay.StartAsync(Server.Url);
        await using var client = Server.NewClient(o =>
        {
            o.ServerUrl = relay.Url;
            o.DeadConnectionTimeout = TimeSpan.Zero;
        });
        await client.LoginAsync("dc_off", Server.Sig("dc_off"));
        relay.Silence();
        await Task.Delay(TimeSpan.FromSeconds(4));
        Assert.Equal(ConnectionState.Connected, client.State);
    }

    [Fact]
    public void ANegativeTimeout_IsRefusedWith8021()
    {
        var refused = Assert.Throws<OpenLive.Core.Errors.LiveException>(() => Server.NewClient(o => o.DeadConnectionTimeout = TimeSpan.FromSeconds(-1)));
        Assert.Equal(("ILiveSDK", 8021), (refused.Module, refused.Code));
    }

    /// <summary>A TCP relay to the server that can go silent: it keeps every socket open and forwards nothing more.</summary>
    private sealed class SilenceableRelay : IAsyncDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly Uri _target;
        private readonly CancellationTokenSource _stop = new();
        private readonly ConcurrentBag<TcpClient> _sockets = [];
        private volatile bool _silent;
        private Task _accepting = Task.CompletedTask;

        private SilenceableRelay(Uri target) => _target = target;

        public Uri Url => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");

        public static Task<SilenceableRelay> StartAsync(Uri target)
        {
            var relay = new SilenceableRelay(target);
            relay._listener.Start();
            relay._accepting = relay.AcceptAsync();
            return Task.FromResult(relay);
        }

        public void Silence() => _silent = true;

        private async Task AcceptAsync()
        {
            try
            {
                while (true)
                {
                    var inbound = await _listener.AcceptTcpClientAsync(_stop.Token);
                    var outbound = new TcpClient();
                    await outbound.ConnectAsync(_target.Host, _target.Port, _stop.Token);
                    _sockets.Add(inbound);
                    _sockets.Add(outbound);
                    _ = PumpAsync(inbound.GetStream(), outbound.GetStream());
                    _ = PumpAsync(outbound.GetStream(), inbound.GetStream());
                }
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // Stopped.
            }
        }

        private async Task PumpAsync(NetworkStream from, NetworkStream to)
        {
            var buffer = new byte[16384];
            try
            {
                int read;
                while ((read = await from.ReadAsync(buffer, _stop.Token)) > 0)
                {
                    if (!_silent)
                    {
                        await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
                    }
                }
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException)
            {
                // Stopped, or a side closed.
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Stop();
            await _accepting;
            foreach (var socket in _sockets)
            {
                socket.Dispose();
            }

            _stop.Dispose();
        }
    }
}
