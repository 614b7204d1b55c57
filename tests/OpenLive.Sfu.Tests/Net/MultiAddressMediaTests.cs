using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OpenLive.Rtc.Client;
using OpenLive.Rtc.Sdp;
using OpenLive.Sfu.Net;
using OpenLive.Sfu.Tests.Support;
using OpenLive.Tests.Shared;

namespace OpenLive.Sfu.Tests.Net;

/// <summary>
/// A node bound to several specific addresses (issue 13, OpenLive:Media:BindAddresses): one UDP socket and one TCP
/// listener per address on the one media thread, a host candidate per address and no other, and every reply — UDP or
/// TCP — leaving from the address its request went to. Loopback has many addresses (127.0.0.0/8): 127.0.0.1 and
/// 127.0.0.2 stand for two network interfaces, 127.0.0.3 for an address of the machine the node does not bind.
/// </summary>
public sealed class MultiAddressMediaTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);
    private static readonly IPAddress First = IPAddress.Loopback;
    private static readonly IPAddress Second = IPAddress.Parse("127.0.0.2");
    private static readonly IPAddress Unbound = IPAddress.Parse("127.0.0.3");
    private readonly List<IDisposable> _owned = [];
    private string _clientUfrag = "";

    public void Dispose()
    {
        foreach (var owned in Enumerable.Reverse(_owned))
        {
            owned.Dispose();
        }
    }

    private SfuEngine Engine()
    {
        var options = new SfuOptions { Port = 0, TcpPort = 0 };
        options.BindAddresses.Add("127.0.0.1");
        options.BindAddresses.Add("127.0.0.2");
        var engine = new SfuEngine(Options.Create(options), TimeProvider.System, NullLogger<SfuEngine>.Instance);
        _owned.Add(engine);
        engine.Start();
        return engine;
    }

    private SessionDescription Publish(SfuEngine engine)
    {
        var client = new RtcClientConnection();
        _owned.Add(client);
        client.AddTransceiver(MediaKind.Video, MediaDirection.SendOnly);
        var room = engine.GetOrCreateRoom("multi/room", new RecordingRoomEvents());
        room.SetMember("publisher", new MediaPermissions(MediaRights.All), autoReceiveCamera: false, autoReceiveScreen: false, serverOffers: false);
        var offer = client.CreateOffer();
        Assert.True(SessionDescription.TryParse(offer, out var offered, out _));
        _clientUfrag = offered.Media[0].IceUfrag!;
        var answer = room.Publish("publisher", offer, new Dictionary<string, TrackSource>());
        Assert.True(SessionDescription.TryParse(answer.Value ?? throw new InvalidOperationException($"publish refused: {answer.Error}"), out var sdp, out var error), error);

        // The transport is registered on the media thread (posted): checks sent before would go unrouted.
        var deadline = DateTime.UtcNow + Deadline;
        while (engine.TransportCount == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the publisher's transport was not registered within {Deadline}");
            Thread.Sleep(1);
        }

        return sdp;
    }

    private byte[] Check(SessionDescription answer) => StunChecks.Check(answer.Media[0].IceUfrag!, _clientUfrag, answer.Media[0].IcePwd!, useCandidate: true);

    private static bool IsBindingSuccess(byte[] response) => response.Length >= 20 && BinaryPrimitives.ReadUInt16BigEndian(response) == 0x0101;

    [Fact]
    public void EveryAddress_HasItsSocketAndListener_OnOnePort_AndOneCandidateEach()
    {
        var engine = Engine();
        Assert.Equal([First, Second], engine.LocalEndPoints.Select(e => e.Address));
        Assert.Equal(engine.LocalEndPoints[0].Port, engine.LocalEndPoints[1].Port);
        Assert.Equal([First, Second], engine.TcpEndPoints.Select(e => e.Address));
        Assert.Equal(engine.TcpEndPoints[0].Port, engine.TcpEndPoints[1].Port);
        Assert.Equal(["127.0.0.1", "127.0.0.2"], engine.Candidates.Select(c => c.Address.ToString()));

        var candidates = Publish(engine).Media[0].Candidates;
        Assert.Equal(["127.0.0.1", "127.0.0.2"], candidates.Where(c => c.IsUdp).Select(c => c.Address));
        Assert.Equal(["127.0.0.1", "127.0.0.2"], candidates.Where(c => c.IsTcp).Select(c => c.Address));
        Assert.DoesNotContain(candidates, c => c.Address == Unbound.ToString());
    }

    [Fact]
    public async Task OneClientSocket_CheckingBothAddresses_IsAnsweredFromEachAddressItSentTo()
    {
        var engine = Engine();
        var answer = Publish(engine);
        using var client = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(Deadline);
        for (var round = 0; round < 2; round++)
        {
            foreach (var server in new[] { engine.LocalEndPoints[1], engine.LocalEndPoints[0] })
            {
                await client.SendAsync(Check(answer), server, timeout.Token);
                UdpReceiveResult reply;
                try
                {
                    reply = await client.ReceiveAsync(timeout.Token);
                }
                catch (OperationCanceledException)
                {
                    Assert.Fail($"no answer from {server} within {Deadline}: the node received {engine.DatagramsReceived} datagrams, "
                        + $"{engine.UnroutedDatagrams} unrouted, {engine.SendFailures} sends failed, {engine.MediaThreadFailures} failures");
                    throw;
                }

                Assert.Equal(server, reply.RemoteEndPoint);
                Assert.True(IsBindingSuccess(reply.Buffer), Convert.ToHexString(reply.Buffer));
            }
        }

        Assert.Equal(0, engine.SendFailures);
        Assert.Equal(0, engine.MediaThreadFailures);
    }

    [Fact]
    public void TheUnboundAddress_HasNoSocket_AndACheckToItGoesUnanswered()
    {
        var engine = Engine();
        var answer = Publish(engine);
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        client.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        client.SendTo(Check(answer), new IPEndPoint(Unbound, engine.LocalEndPoint.Port));
        // Nothing listens there: the port is free on that address (both kinds bind), and no answer comes back.
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        probe.Bind(new IPEndPoint(Unbound, engine.LocalEndPoint.Port));
        using var tcpProbe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        tcpProbe.Bind(new IPEndPoint(Unbound, engine.TcpEndPoint!.Port));
        Assert.False(client.Poll(TimeSpan.FromMilliseconds(300), SelectMode.SelectRead));
    }

    [Fact]
    public async Task ChecksOverTcp_ToEachAddress_AreAnsweredOnTheirConnection()
    {
        var engine = Engine();
        var answer = Publish(engine);
        foreach (var server in engine.TcpEndPoints)
        {
            var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            _owned.Add(client);
            await client.ConnectAsync(server, TestContext.Current.CancellationToken);
            Assert.Equal(server, client.RemoteEndPoint);
            var check = Check(answer);
            var framed = new byte[check.Length + 2];
            BinaryPrimitives.WriteUInt16BigEndian(framed, (ushort)check.Length);
            check.CopyTo(framed.AsSpan(2));
            await client.SendAsync(framed, SocketFlags.None, TestContext.Current.CancellationToken);

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            timeout.CancelAfter(Deadline);
            var header = new byte[2];
            await ReadExactlyAsync(client, header, timeout.Token);
            var response = new byte[BinaryPrimitives.ReadUInt16BigEndian(header)];
            await ReadExactlyAsync(client, response, timeout.Token);
            Assert.True(IsBindingSuccess(response), Convert.ToHexString(response));
        }

        Assert.Equal(2, engine.TcpConnectionCount);
    }

    private static async Task ReadExactlyAsync(Socket socket, byte[] buffer, CancellationToken cancellationToken)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var count = await socket.ReceiveAsync(buffer.AsMemory(read), SocketFlags.None, cancellationToken);
            Assert.True(count > 0, $"the server closed the connection after {read} of {buffer.Length} bytes");
            read += count;
        }
    }

    /// <summary>Echoes to whatever path a datagram came from, and notes the paths (media thread).</summary>
    private sealed class EchoToPath : IDatagramHandler
    {
        public MediaLoop? Loop { get; set; }

        public readonly List<SocketAddress> Paths = [];

        public void OnDatagram(Span<byte> packet, SocketAddress from)
        {
            lock (Paths)
            {
                Paths.Add(Rtc.Transport.SocketAddresses.Copy(from));
            }

            Loop!.Send(packet, from);
        }

        public long OnTick(long now) => now + (TimeProvider.System.TimestampFrequency / 100);
    }

    [Fact]
    public async Task TheMediaLoop_GivesEachSocketItsOwnPaths_AndAnswersAPathFromItsSocket()
    {
        var handler = new EchoToPath();
        using var loop = new MediaLoop([new IPEndPoint(First, 0), new IPEndPoint(Second, 0)], 1 << 20, handler, TimeProvider.System, NullLogger.Instance);
        handler.Loop = loop;
        loop.Start();
        using var client = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(Deadline);
        foreach (var server in loop.LocalEndPoints)
        {
            await client.SendAsync(new byte[] { 1, 2 }, server, timeout.Token);
            var reply = await client.ReceiveAsync(timeout.Token);
            Assert.Equal(server, reply.RemoteEndPoint);
        }

        lock (handler.Paths)
        {
            // One client endpoint, two paths: the server address it reached is part of each.
            Assert.Equal(2, handler.Paths.Count);
            Assert.NotEqual(handler.Paths[0], handler.Paths[1]);
            Assert.True(UdpPathAddress.TryGetSocket(handler.Paths[0], out var firstSocket) && firstSocket == 0);
            Assert.True(UdpPathAddress.TryGetSocket(handler.Paths[1], out var secondSocket) && secondSocket == 1);
            Assert.False(TcpPathAddress.TryGetConnectionId(handler.Paths[0], out _));
            Assert.All(handler.Paths, p => Assert.Equal(client.Client.LocalEndPoint, Rtc.Transport.SocketAddresses.ToIPEndPoint(p)));
        }

        Assert.Equal(0, loop.SendFailures);
    }

    /// <summary>Answers every datagram to its path and notes the media thread's allocations between two datagrams.</summary>
    private sealed class AllocationProbe(int first, int last) : IDatagramHandler
    {
        private readonly PerCallAllocations _allocations = new(first, last);

        public MediaLoop? Loop { get; set; }

        public int Received => _allocations.Count;

        public int Ticks;

        public TaskCompletionSource<long> Allocated => _allocations.Allocated;

        public void OnDatagram(Span<byte> packet, SocketAddress from)
        {
            // The answer is sent before the reading, so each window holds its datagrams' answers (as before).
            Loop!.Send(packet, from);
            _allocations.Note();
        }

        public long OnTick(long now)
        {
            Interlocked.Increment(ref Ticks);
            return now + (TimeProvider.System.TimestampFrequency / 100);
        }
    }

    [Fact]
    public async Task ReceivingOnTwoSockets_AndAnsweringEachPath_AllocatesNothing_OnTheMediaThread()
    {
        // The path address per socket is filled in place, and the answer's plain address is a per-thread scratch: after
        // a warm-up (both sockets, an idle poll), datagrams 200 to 1,200 and their answers allocate nothing.
        var probe = new AllocationProbe(200, 1_200);
        using var loop = new MediaLoop([new IPEndPoint(First, 0), new IPEndPoint(Second, 0)], 1 << 20, probe, TimeProvider.System, NullLogger.Instance);
        probe.Loop = loop;
        loop.Start();
        using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        sender.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var datagram = new byte[1200];
        for (var i = 0; i < 100; i++)
        {
            sender.SendTo(datagram, loop.LocalEndPoints[i % 2]);
        }

        var deadline = DateTime.UtcNow + Deadline;
        while (probe.Received < 100 && DateTime.UtcNow < deadline)
        {
            await Task.Yield();
        }

        var ticks = Volatile.Read(ref probe.Ticks);
        while (Volatile.Read(ref probe.Ticks) < ticks + 3 && DateTime.UtcNow < deadline)
        {
            await Task.Yield();
        }

        Assert.True(probe.Received == 100, $"warm-up: {probe.Received} of 100 datagrams received");
        for (var i = 0; i < 20_000 && !probe.Allocated.Task.IsCompleted; i++)
        {
            sender.SendTo(datagram, loop.LocalEndPoints[i % 2]);
            if (i % 64 == 0)
            {
                await Task.Yield();
            }
        }

        Assert.Equal(0, await probe.Allocated.Task.WaitAsync(Deadline, TestContext.Current.CancellationToken));
        Assert.Equal(0, loop.SendFailures);
    }
}
