using System.Net;
using System.Net.Sockets;
using OpenLive.Rtc.Transport;
using OpenLive.Tests.Shared;

namespace OpenLive.Rtc.Tests.Transport;

/// <summary>
/// One loop, several sockets (one per bound address, issue 13): one thread waits on all of them, each datagram comes
/// with the index of its socket, and a reply sent from that socket leaves from the address the request went to.
/// </summary>
public sealed class UdpSocketLoopMultiSocketTests
{
    private static readonly IPAddress Second = IPAddress.Parse("127.0.0.2");

    /// <summary>Echoes each datagram from the socket it arrived on, after the socket's index.</summary>
    private sealed class EchoFromArrival : IUdpSocketLoopHandler
    {
        public UdpSocketLoop? Loop { get; set; }

        public int Thread;

        public void OnDatagram(Span<byte> datagram, SocketAddress source) => throw new InvalidOperationException("the loop gives the socket");

        public void OnDatagram(Span<byte> datagram, SocketAddress source, int socket)
        {
            Volatile.Write(ref Thread, Environment.CurrentManagedThreadId);
            Span<byte> reply = stackalloc byte[datagram.Length + 1];
            reply[0] = (byte)socket;
            datagram.CopyTo(reply[1..]);
            Loop!.Send(socket, reply, source);
        }

        public long OnTick(long now) => now + (TimeProvider.System.TimestampFrequency / 100);

        public void OnFailure(Exception exception)
        {
        }

        public void OnStopped()
        {
        }
    }

    [Fact]
    public async Task TwoSockets_OneThread_EachReplyLeavesFromTheAddressItsRequestWentTo()
    {
        var handler = new EchoFromArrival();
        using var loop = new UdpSocketLoop([new IPEndPoint(IPAddress.Loopback, 0), new IPEndPoint(Second, 0)], handler, TimeProvider.System);
        handler.Loop = loop;
        loop.Start();
        Assert.Equal(2, loop.LocalEndPoints.Count);
        Assert.Equal(IPAddress.Loopback, loop.LocalEndPoints[0].Address);
        Assert.Equal(Second, loop.LocalEndPoints[1].Address);

        // One client socket talks to both: only the reply's source tells which socket answered.
        using var client = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        var threads = new HashSet<int>();
        for (var round = 0; round < 3; round++)
        {
            foreach (var (index, target) in new[] { (1, loop.LocalEndPoints[1]), (0, loop.LocalEndPoints[0]) })
            {
                await client.SendAsync(new byte[] { 7, (byte)round }, target, timeout.Token);
                var reply = await client.ReceiveAsync(timeout.Token);
                Assert.Equal(target, reply.RemoteEndPoint);
                Assert.Equal([(byte)index, 7, (byte)round], reply.Buffer);
                threads.Add(Volatile.Read(ref handler.Thread));
            }
        }

        Assert.Single(threads);
        Assert.Equal(6, loop.DatagramsReceived);
        Assert.Equal(0, loop.SendFailures);
    }

    [Fact]
    public async Task WaitingOnTwoSockets_AndReceivingFromBoth_AllocatesNothing_OnTheLoopThread()
    {
        // The measured stretch (datagrams 200 to 1,200) starts after the loop has received from both sockets and
        // waited idle (a poll that timed out) at least once: first uses of each path allocate once (lazy statics).
        var probe = new LoopAllocationProbe(200, 1_200);
        using var loop = new UdpSocketLoop([new IPEndPoint(IPAddress.Loopback, 0), new IPEndPoint(Second, 0)], probe, TimeProvider.System);
        loop.Start();
        using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        var datagram = new byte[1200];
        for (var i = 0; i < 100; i++)
        {
            sender.SendTo(datagram, loop.LocalEndPoints[i % 2]);
        }

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (probe.Received < 100 && DateTime.UtcNow < deadline)
        {
            await Task.Yield();
        }

        var ticks = probe.Ticks;
        while (probe.Ticks < ticks + 3 && DateTime.UtcNow < deadline)
        {
            await Task.Yield();
        }

        Assert.True(probe.Received == 100 && probe.Ticks >= ticks + 3, $"warm-up: {probe.Received} of 100 datagrams received, {probe.Ticks - ticks} idle ticks");
        for (var i = 0; i < 20_000 && !probe.Allocated.Task.IsCompleted; i++)
        {
            sender.SendTo(datagram, loop.LocalEndPoints[i % 2]);
            if (i % 64 == 0)
            {
                await Task.Yield();
            }
        }

        Assert.Equal(0, await probe.Allocated.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));
    }

    [Fact]
    public void ASecondAddressThatCannotBeBound_ClosesTheFirst_AndThrows()
    {
        using var taken = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        taken.Bind(new IPEndPoint(Second, 0));
        var port = ((IPEndPoint)taken.LocalEndPoint!).Port;
        var error = Assert.Throws<SocketException>(() => new UdpSocketLoop([new IPEndPoint(IPAddress.Loopback, port), new IPEndPoint(Second, port)], new EchoFromArrival(), TimeProvider.System));
        Assert.Equal(SocketError.AddressAlreadyInUse, error.SocketErrorCode);

        // The first socket was closed: its port can be bound again.
        using var again = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        again.Bind(new IPEndPoint(IPAddress.Loopback, port));
    }
}
