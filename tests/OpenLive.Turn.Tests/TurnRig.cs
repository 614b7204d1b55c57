using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace OpenLive.Turn.Tests;

/// <summary>
/// A real TURN server on loopback (free UDP and TCP ports, a relay port range of its own) whose relay policy allows one
/// UDP echo socket — the stand-in for the SFU's media port — and nothing else.
/// </summary>
internal sealed class TurnRig : IDisposable
{
    public const string Secret = "0123456789abcdef0123456789abcdef-test-secret";
    private static int nextRange = 42000 + (Environment.ProcessId % 200) * 40;
    private readonly CancellationTokenSource stop = new();

    public TurnRig(Action<EmbeddedTurnOptions>? configure = null, bool fakeTime = false)
    {
        Echo = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        Echo.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        Time = fakeTime ? new FakeTimeProvider(DateTimeOffset.UtcNow) : TimeProvider.System;
        var first = Interlocked.Add(ref nextRange, 40) - 40;
        Options = new EmbeddedTurnOptions
        {
            Enabled = true,
            BindAddress = "127.0.0.1",
            UdpPort = 0,
            TcpPort = 0,
            RelayPortRange = $"{first}-{first + 39}",
            Secret = Secret,
        };
        configure?.Invoke(Options);
        Server = new TurnServer(Options, [EchoEndPoint], Time, NullLogger<TurnServer>.Instance);
        Server.Start();
        _ = Task.Run(EchoLoopAsync);
    }

    public EmbeddedTurnOptions Options { get; }

    public TimeProvider Time { get; }

    public FakeTimeProvider FakeTime => (FakeTimeProvider)Time;

    public TurnServer Server { get; }

    public Socket Echo { get; }

    public IPEndPoint EchoEndPoint => (IPEndPoint)Echo.LocalEndPoint!;

    /// <summary>Datagrams the echo target received, with their source (the relay's address).</summary>
    public List<IPEndPoint> EchoSources { get; } = [];

    public async Task<TurnTestClient> ClientAsync(bool tcp = false, string userId = "alice", int receiveBufferBytes = 0)
    {
        var client = await TurnTestClient.ConnectAsync(Server, tcp, receiveBufferBytes);
        client.WithCredentials(Secret, userId, Time.GetUtcNow().AddHours(1));
        return client;
    }

    public void Dispose()
    {
        stop.Cancel();
        Server.Dispose();
        Echo.Dispose();
        stop.Dispose();
    }

    private async Task EchoLoopAsync()
    {
        var buffer = new byte[65536];
        EndPoint any = new IPEndPoint(IPAddress.Any, 0);
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var result = await Echo.ReceiveFromAsync(buffer, SocketFlags.None, any, stop.Token);
                lock (EchoSources)
                {
                    EchoSources.Add((IPEndPoint)result.RemoteEndPoint);
                }

                await Echo.SendToAsync(buffer.AsMemory(0, result.ReceivedBytes), SocketFlags.None, result.RemoteEndPoint, stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                if (stop.IsCancellationRequested)
                {
                    return;
                }
            }
        }
    }
}
