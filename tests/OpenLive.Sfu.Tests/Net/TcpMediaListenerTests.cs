using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OpenLive.Rtc.Client;
using OpenLive.Rtc.Sdp;
using OpenLive.Sfu.Tests.Support;

namespace OpenLive.Sfu.Tests.Net;

/// <summary>
/// ICE over TCP (issue 13): the TCP media port of a real <see cref="SfuEngine"/> on loopback, driven by raw TCP clients
/// sending RFC 4571 frames — valid ICE checks for a real publisher transport, and every kind of abuse: garbage,
/// zero-length and oversized frames, silence (slowloris), too many connections, a flood.
/// </summary>
public sealed class TcpMediaListenerTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);
    private readonly List<IDisposable> _owned = [];

    public void Dispose()
    {
        foreach (var owned in Enumerable.Reverse(_owned))
        {
            owned.Dispose();
        }
    }

    private SfuEngine Engine(Action<SfuOptions>? configure = null)
    {
        var options = new SfuOptions { Port = 0, TcpPort = 0 };
        configure?.Invoke(options);
        var engine = new SfuEngine(Options.Create(options), TimeProvider.System, NullLogger<SfuEngine>.Instance);
        _owned.Add(engine);
        engine.Start();
        return engine;
    }

    /// <summary>The publisher's ICE ufrag (from its offer): the second half of every check's USERNAME.</summary>
    private string _clientUfrag = "";

    /// <summary>Publishes from a client offer; returns the SFU's answer (its ufrag, password, candidates).</summary>
    private SessionDescription Publish(SfuEngine engine, string member = "publisher")
    {
        var client = new RtcClientConnection();
        _owned.Add(client);
        client.AddTransceiver(MediaKind.Video, MediaDirection.SendOnly);
        var room = engine.GetOrCreateRoom("tcp/room", new RecordingRoomEvents());
        room.SetMember(member, new MediaPermissions(MediaRights.All), autoReceiveCamera: false, autoReceiveScreen: false, serverOffers: false);
        var offer = client.CreateOffer();
        Assert.True(SessionDescription.TryParse(offer, out var offered, out _));
        _clientUfrag = offered.Media[0].IceUfrag!;
        var answer = room.Publish(member, offer, new Dictionary<string, TrackSource>());
        Assert.True(SessionDescription.TryParse(answer.Value ?? throw new InvalidOperationException($"publish refused: {answer.Error}"), out var sdp, out var error), error);
        return sdp;
    }

    private Socket Connect(SfuEngine engine)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _owned.Add(socket);
        socket.Connect(engine.TcpEndPoint!);
        return socket;
    }

    private static byte[] Framed(ReadOnlySpan<byte> packet)
    {
        var framed = new byte[packet.Length + 2];
        BinaryPrimitives.WriteUInt16BigEndian(framed, (ushort)packet.Length);
        packet.CopyTo(framed.AsSpan(2));
        return framed;
    }

    private byte[] Check(SessionDescription answer, bool useCandidate = true) =>
        StunChecks.Check(answer.Media[0].IceUfrag!, _clientUfrag, answer.Media[0].IcePwd!, useCandidate);

    private static void AssertBindingSuccess(byte[]? response)
    {
        Assert.NotNull(response);
        Assert.True(BinaryPrimitives.ReadUInt16BigEndian(response) == 0x0101, $"not a Binding success: {Convert.ToHexString(response)}");
    }

    /// <summary>Reads one RFC 4571 frame, or null when the server closed the connection.</summary>
    private static async Task<byte[]?> ReadFrameAsync(Socket socket)
    {
        using var timeout = new CancellationTokenSource(Deadline);
        var header = new byte[2];
        if (!await ReadExactlyAsync(socket, header, timeout.Token))
        {
            return null;
        }

        var frame = new byte[BinaryPrimitives.ReadUInt16BigEndian(header)];
        return await ReadExactlyAsync(socket, frame, timeout.Token) ? frame : null;
    }

    private static async Task<bool> ReadExactlyAsync(Socket socket, byte[] buffer, CancellationToken cancellationToken)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            int count;
            try
            {
                count = await socket.ReceiveAsync(buffer.AsMemory(read), SocketFlags.None, cancellationToken);
            }
            catch (SocketException)
            {
                return false; // Reset by the server.
            }

            if (count == 0)
            {
                return false;
            }

            read += count;
        }

        return true;
    }

    /// <summary>True once the server has closed <paramref name="socket"/> (reads end), within the deadline.</summary>
    private static async Task<bool> ClosedByServerAsync(Socket socket)
    {
        using var timeout = new CancellationTokenSource(Deadline);
        var buffer = new byte[4096];
        try
        {
            while (true)
            {
                if (await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token) == 0)
                {
                    return true;
                }
            }
        }
        catch (SocketException)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition, Func<string> lastSeen)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < Deadline, $"not within {Deadline}: {lastSeen()}");
            await Task.Delay(20);
        }
    }

    [Fact]
    public void TheAnswer_OffersAPassiveTcpCandidatePerAddress_BelowEveryUdpOne()
    {
        var engine = Engine();
        var candidates = Publish(engine).Media[0].Candidates;
        var udp = candidates.Where(c => c.IsUdp).ToList();
        var tcp = candidates.Where(c => c.IsTcp).ToList();
        Assert.Equal(udp.Count, tcp.Count);
        Assert.All(tcp, c => Assert.Equal(IceTcpType.Passive, c.TcpType));
        Assert.All(tcp, c => Assert.Equal(engine.TcpEndPoint!.Port, c.Port));
        Assert.True(tcp.Max(c => c.Priority) < udp.Min(c => c.Priority));
        Assert.Equal(udp.Select(c => c.Address), tcp.Select(c => c.Address));
    }

    [Fact]
    public void Disabled_NoListenerAndNoTcpCandidate()
    {
        var engine = Engine(o => o.TcpEnabled = false);
        Assert.Null(engine.TcpEndPoint);
        Assert.DoesNotContain(Publish(engine).Media[0].Candidates, c => c.IsTcp);
    }

    [Fact]
    public async Task ACheckOverTcp_IsAnsweredFramed_OnTheSameConnection()
    {
        var engine = Engine();
        var answer = Publish(engine);
        using var client = Connect(engine);

        await client.SendAsync(Framed(Check(answer)), SocketFlags.None);
        AssertBindingSuccess(await ReadFrameAsync(client));
        await WaitUntilAsync(() => engine.TcpConnectionCount == 1, () => $"{engine.TcpConnectionCount} connections");
    }

    [Fact]
    public async Task Silence_Slowloris_IsClosedAtTheHandshakeDeadline()
    {
        var engine = Engine(o => o.TcpHandshakeTimeout = TimeSpan.FromSeconds(1));
        using var silent = Connect(engine);
        using var trickling = Connect(engine);
        await trickling.SendAsync(new byte[] { 0x00 }, SocketFlags.None); // Half a length prefix, and nothing more.

        Assert.True(await ClosedByServerAsync(silent), "silent connection still open");
        Assert.True(await ClosedByServerAsync(trickling), "trickling connection still open");
        await WaitUntilAsync(() => engine.TcpHandshakeTimeouts == 2 && engine.TcpConnectionCount == 0,
            () => $"{engine.TcpHandshakeTimeouts} timeouts, {engine.TcpConnectionCount} open");
    }

    [Fact]
    public async Task GarbageFrames_AndChecksForUnknownUfrags_DoNotValidate_AndAreClosedAtTheDeadline()
    {
        var engine = Engine(o => o.TcpHandshakeTimeout = TimeSpan.FromSeconds(1));
        var answer = Publish(engine);
        using var client = Connect(engine);
        var random = new Random(13);
        for (var i = 0; i < 100; i++)
        {
            var junk = new byte[random.Next(1, 1500)];
            random.NextBytes(junk);
            await client.SendAsync(Framed(junk), SocketFlags.None);
        }

        await client.SendAsync(Framed(StunChecks.Check("unknown", "brws", answer.Media[0].IcePwd!, useCandidate: true)), SocketFlags.None);
        await client.SendAsync(Framed(StunChecks.Check(answer.Media[0].IceUfrag!, "brws", "wrong-password-0123456789", useCandidate: true)), SocketFlags.None);

        Assert.True(await ClosedByServerAsync(client), "garbage connection still open");
        Assert.Equal(1, engine.TcpHandshakeTimeouts);
        Assert.Equal(0, engine.MediaThreadFailures);
    }

    [Theory]
    [InlineData(0)] // zero length
    [InlineData(65_535)] // over the 2048-byte frame limit
    [InlineData(2049)]
    public async Task ABadLength_ClosesThatConnectionOnly(int length)
    {
        var engine = Engine(o => o.TcpHandshakeTimeout = TimeSpan.FromSeconds(1));
        var answer = Publish(engine);
        using var good = Connect(engine);
        await good.SendAsync(Framed(Check(answer)), SocketFlags.None);
        AssertBindingSuccess(await ReadFrameAsync(good));

        using var bad = Connect(engine);
        var prefix = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(prefix, (ushort)length);
        await bad.SendAsync(prefix, SocketFlags.None);

        Assert.True(await ClosedByServerAsync(bad), "bad connection still open");
        Assert.Equal(1, engine.TcpFramingErrors);
        await Task.Delay(TimeSpan.FromSeconds(1.5)); // Past the handshake deadline: the validated connection stays.
        await good.SendAsync(Framed(Check(answer)), SocketFlags.None);
        AssertBindingSuccess(await ReadFrameAsync(good));
        Assert.Equal(1, engine.TcpConnectionCount);
    }

    [Fact]
    public async Task ConnectionsPerAddress_AreCapped()
    {
        var engine = Engine(o => o.TcpMaxConnectionsPerAddress = 4);
        var clients = Enumerable.Range(0, 10).Select(_ => Connect(engine)).ToList();
        await WaitUntilAsync(() => engine.TcpConnectionsRefused == 6, () => $"{engine.TcpConnectionsRefused} refused, {engine.TcpConnectionCount} open");
        Assert.Equal(4, engine.TcpConnectionCount);

        // A slot frees when a connection closes.
        clients[0].Dispose();
        await WaitUntilAsync(() => engine.TcpConnectionCount == 3, () => $"{engine.TcpConnectionCount} open");
        Connect(engine);
        await WaitUntilAsync(() => engine.TcpConnectionCount == 4, () => $"{engine.TcpConnectionCount} open, {engine.TcpConnectionsRefused} refused");
        Assert.Equal(6, engine.TcpConnectionsRefused);
    }

    [Fact]
    public async Task ConnectionsInTotal_AreCapped()
    {
        var engine = Engine(o =>
        {
            o.TcpMaxConnections = 5;
            o.TcpMaxConnectionsPerAddress = 100;
        });
        for (var i = 0; i < 8; i++)
        {
            Connect(engine);
        }

        await WaitUntilAsync(() => engine.TcpConnectionsRefused == 3, () => $"{engine.TcpConnectionsRefused} refused, {engine.TcpConnectionCount} open");
        Assert.Equal(5, engine.TcpConnectionCount);
    }

    [Fact]
    public async Task AFlood_OnOneConnection_LeavesAnotherClientsChecksAnswered_AndMemoryBounded()
    {
        var engine = Engine();
        var answer = Publish(engine);
        using var flooder = Connect(engine);
        await flooder.SendAsync(Framed(Check(answer)), SocketFlags.None);
        AssertBindingSuccess(await ReadFrameAsync(flooder)); // A validated connection: the deadline does not end it.

        var rtpLike = new byte[1200];
        new Random(7).NextBytes(rtpLike);
        rtpLike[0] = 0x80;
        var burst = Enumerable.Range(0, 50).SelectMany(_ => Framed(rtpLike)).ToArray();
        using var stop = new CancellationTokenSource();
        var flood = Task.Run(async () =>
        {
            long sent = 0;
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    sent += await flooder.SendAsync(burst, SocketFlags.None, stop.Token);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }

            return sent;
        });

        var before = GC.GetTotalMemory(forceFullCollection: true);
        using var other = Connect(engine);
        for (var i = 0; i < 20; i++)
        {
            await other.SendAsync(Framed(Check(answer, useCandidate: false)), SocketFlags.None);
            AssertBindingSuccess(await ReadFrameAsync(other));
        }

        await Task.Delay(TimeSpan.FromSeconds(1)); // Let the flood run on: what it sends must not accumulate.
        await stop.CancelAsync();
        var flooded = await flood;
        var grown = GC.GetTotalMemory(forceFullCollection: true) - before;
        Assert.True(flooded > 10_000_000, $"the flood sent only {flooded} bytes");
        Assert.True(grown < 16 * 1024 * 1024, $"memory grew {grown} bytes during a {flooded}-byte flood");
        Assert.Equal(0, engine.MediaThreadFailures);
    }
}
