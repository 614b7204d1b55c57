using System.Net;
using System.Net.Sockets;
using OpenLive.Core.Rooms;
using OpenLive.Sdk.Rooms;
using OpenLive.Testing;

namespace OpenLive.Sdk.Tests;

/// <summary>
/// A client that goes away on purpose (<c>DisposeAsync</c> without quitting) leaves its room at once, because the server
/// reads its WebSocket Close; a connection that merely drops keeps the seat for the resume window (30 s). So the Close
/// must reach the server even when the link is slow for a moment. A client that tears its TCP connection down right after
/// writing the Close resets it, and a reset makes the server's kernel discard what the server had not read yet — the Close
/// with it — so the server sees a drop. The client therefore waits for the server's Close in return (RFC 6455 §7.1.1).
/// </summary>
public sealed class CloseHandshakeTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private TestServer Server => shared.Server;

    [Fact]
    public async Task AClientDisposedWithoutQuitting_LeavesTheRoomAtOnce_EvenWhenItsCloseAndTheEndOfTcpArriveTogether()
    {
        await using var relay = await HoldableRelay.StartAsync(Server.Url);
        await using var host = await Server.LoggedInClientAsync("ch_host");
        var hostRoom = await host.CreateRoomAsync(9311, LiveRoomOptions.Host());
        var member = Server.NewClient(o => o.ServerUrl = relay.Url);
        await member.LoginAsync("ch_member", Server.Sig("ch_member"));
        await member.JoinRoomAsync(9311, new LiveRoomOptions());
        var left = Events.Next<MemberEventArgs>(h => hostRoom.MemberEvent += h, e => e.EventId == MemberEventId.Out && e.Members[0].UserId == "ch_member");

        relay.HoldUpstream(); // what the client writes from now on waits, unread, in the relay's socket
        var disposing = member.DisposeAsync().AsTask();
        // The link is slow for a moment; then it hands the server the client's Close and, right behind it, the end of
        // TCP — what a client that does not wait for the answering Close sends, and what a server must still read as a
        // deliberate leave rather than a drop.
        await Task.WhenAny(disposing, Task.Delay(TimeSpan.FromMilliseconds(300)));
        relay.ReleaseUpstreamAndEnd();
        await disposing.WaitAsync(Events.Timeout);

        // Events.Timeout (15 s) is half the resume window: a Close taken for a drop would park the seat past it.
        Assert.Equal(MemberOutReason.Dropped, (await left).OutReason);
        Assert.Equal(["ch_host"], hostRoom.Members.Select(m => m.UserId));
        // And the client waited for the server's answer before it ended TCP (RFC 6455 §7.1.1). Its end reaches the relay
        // on the relay's own thread, after the dispose returned: wait for it before judging the order.
        await relay.ClientEnded.WaitAsync(Events.Timeout, TestContext.Current.CancellationToken);
        Assert.True(relay.ClientEndedAfterServerAnswered, "the client ended TCP before the server answered its Close; read: " + string.Join(", ", relay.Trace));
    }

    /// <summary>
    /// A TCP relay to the server (one connection) that can stop reading from the client for a while, leaving the client's
    /// bytes in its kernel buffer as a slow link would, and then hand the server what came meanwhile followed at once by
    /// the end of TCP.
    /// </summary>
    private sealed class HoldableRelay : IAsyncDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly Uri _target;
        private readonly CancellationTokenSource _stop = new();
        private readonly List<Socket> _sockets = [];
        private readonly Lock _lock = new();
        private TaskCompletionSource _upstreamOpen = NewOpenGate();
        private bool _endAfterRelease;
        private bool _serverAnsweredAfterRelease;
        private readonly TaskCompletionSource _clientEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private Task _accepting = Task.CompletedTask;

        private HoldableRelay(Uri target) => _target = target;

        public Uri Url => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");

        public static Task<HoldableRelay> StartAsync(Uri target)
        {
            var relay = new HoldableRelay(target);
            relay._listener.Start();
            relay._accepting = relay.AcceptAsync();
            return Task.FromResult(relay);
        }

        public void HoldUpstream()
        {
            lock (_lock)
            {
                _upstreamOpen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }

        public void ReleaseUpstreamAndEnd()
        {
            lock (_lock)
            {
                _endAfterRelease = true;
                _upstreamOpen.TrySetResult();
            }
        }

        /// <summary>
        /// The client's end of TCP came after the server's answer to what followed the release (its Close, or — as here,
        /// where the relay ended the server's side — the end of its side).
        /// </summary>
        public bool ClientEndedAfterServerAnswered { get; private set; }

        /// <summary>Completes when the relay has read the client's end of TCP (a FIN, or a reset).</summary>
        public Task ClientEnded => _clientEnded.Task;

        /// <summary>What each pump read, in order: for the failure message.</summary>
        public List<string> Trace { get; } = [];

        private static TaskCompletionSource NewOpenGate()
        {
            var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            open.SetResult();
            return open;
        }

        private Task UpstreamOpen()
        {
            lock (_lock)
            {
                return _upstreamOpen.Task;
            }
        }

        private async Task AcceptAsync()
        {
            try
            {
                while (true)
                {
                    var inbound = await _listener.AcceptSocketAsync(_stop.Token);
                    var outbound = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                    await outbound.ConnectAsync(_target.Host, _target.Port, _stop.Token);
                    lock (_lock)
                    {
                        _sockets.Add(inbound);
                        _sockets.Add(outbound);
                    }

                    _ = PumpAsync(inbound, outbound, upstream: true);
                    _ = PumpAsync(outbound, inbound, upstream: false);
                }
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // Stopped.
            }
        }

        private async Task PumpAsync(Socket from, Socket to, bool upstream)
        {
            var buffer = new byte[16384];
            var ended = false;
            try
            {
                while (true)
                {
                    if (upstream && !ended)
                    {
                        // Wait for bytes without taking them (a zero-byte read), so a hold set meanwhile leaves them unread.
                        await from.ReceiveAsync(Memory<byte>.Empty, _stop.Token);
                        await UpstreamOpen().WaitAsync(_stop.Token);
                    }

                    var read = await from.ReceiveAsync(buffer, _stop.Token);
                    lock (_lock)
                    {
                        Trace.Add($"{(upstream ? "up" : "down")} {read}{(_endAfterRelease ? " released" : "")}");
                        if (!upstream && _endAfterRelease)
                        {
                            _serverAnsweredAfterRelease = true;
                        }

                        if (upstream && read == 0)
                        {
                            ClientEndedAfterServerAnswered = _serverAnsweredAfterRelease;
                            _clientEnded.TrySetResult();
                        }
                    }

                    if (read == 0)
                    {
                        if (!ended)
                        {
                            to.Shutdown(SocketShutdown.Send);
                        }

                        return;
                    }

                    if (ended)
                    {
                        continue; // the server's side is already ended; what else the client sends goes nowhere
                    }

                    await to.SendAsync(buffer.AsMemory(0, read), _stop.Token);
                    if (upstream && Volatile.Read(ref _endAfterRelease))
                    {
                        to.Shutdown(SocketShutdown.Send);
                        ended = true;
                    }
                }
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                // Stopped, or a side reset (the client's reset is its end too).
                if (upstream && e is SocketException)
                {
                    lock (_lock)
                    {
                        ClientEndedAfterServerAnswered = _serverAnsweredAfterRelease;
                    }

                    _clientEnded.TrySetResult();
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Stop();
            await _accepting;
            lock (_lock)
            {
                foreach (var socket in _sockets)
                {
                    socket.Dispose();
                }
            }

            _stop.Dispose();
        }
    }
}
