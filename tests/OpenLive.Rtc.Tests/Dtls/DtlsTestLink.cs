using OpenLive.Rtc.Dtls;

namespace OpenLive.Rtc.Tests.Dtls;

/// <summary>One direction of a fake in-memory network: delivers each datagram synchronously to the peer transport unless <see cref="Drop"/> says otherwise.</summary>
internal sealed class DtlsTestLink : IDtlsDatagramSender
{
    private readonly Lock _gate = new();
    private readonly List<byte[]> _sent = [];
    private int _dropped;

    /// <summary>Where datagrams go.</summary>
    public DtlsTransport? Peer { get; set; }

    /// <summary>Decides per datagram (index in send order, bytes) whether the network loses it.</summary>
    public Func<int, byte[], bool> Drop { get; set; } = static (_, _) => false;

    /// <summary>How many datagrams <see cref="Drop"/> lost.</summary>
    public int Dropped => Volatile.Read(ref _dropped);

    /// <summary>Every datagram sent, delivered or not.</summary>
    public IReadOnlyList<byte[]> Sent
    {
        get
        {
            lock (_gate)
            {
                return [.. _sent];
            }
        }
    }

    public void Send(ReadOnlySpan<byte> datagram)
    {
        var copy = datagram.ToArray();
        int index;
        lock (_gate)
        {
            index = _sent.Count;
            _sent.Add(copy);
        }

        if (Drop(index, copy))
        {
            Interlocked.Increment(ref _dropped);
            return;
        }

        Peer?.Enqueue(copy);
    }

    /// <summary>A thread-safe seeded loss pattern: each datagram is lost with the given probability.</summary>
    public static Func<int, byte[], bool> RandomLoss(double probability, int seed)
    {
        var random = new Random(seed);
        var gate = new Lock();
        return (_, _) =>
        {
            lock (gate)
            {
                return random.NextDouble() < probability;
            }
        };
    }
}

/// <summary>A client and a server transport wired to each other, with the two test certificates.</summary>
internal sealed class DtlsTestPair : IDisposable
{
    public static readonly DtlsCertificate ClientCertificate = DtlsCertificate.Create("client");
    public static readonly DtlsCertificate ServerCertificate = DtlsCertificate.Create("server");

    /// <summary>Retransmits after 100 ms instead of 1 s, so lossy tests finish quickly.</summary>
    public static readonly DtlsTransportOptions Fast = new() { InitialRetransmitTimeout = TimeSpan.FromMilliseconds(100) };

    public DtlsTestPair(
        DtlsTransportOptions? clientOptions = null,
        DtlsTransportOptions? serverOptions = null,
        DtlsFingerprint? clientExpects = null,
        DtlsFingerprint? serverExpects = null)
    {
        Client = new DtlsTransport(DtlsRole.Client, ClientCertificate, [clientExpects ?? ServerCertificate.Fingerprint], ToServer, clientOptions ?? Fast);
        Server = new DtlsTransport(DtlsRole.Server, ServerCertificate, [serverExpects ?? ClientCertificate.Fingerprint], ToClient, serverOptions ?? Fast);
        ToServer.Peer = Server;
        ToClient.Peer = Client;
    }

    public DtlsTransport Client { get; }

    public DtlsTransport Server { get; }

    /// <summary>What the client sends.</summary>
    public DtlsTestLink ToServer { get; } = new();

    /// <summary>What the server sends.</summary>
    public DtlsTestLink ToClient { get; } = new();

    /// <summary>Starts both sides (server first, as the SFU does) and waits for both results.</summary>
    public async Task<(DtlsHandshakeResult Client, DtlsHandshakeResult Server)> HandshakeAsync(TimeSpan? limit = null)
    {
        var server = Server.StartAsync(TestContext.Current.CancellationToken);
        var client = Client.StartAsync(TestContext.Current.CancellationToken);
        await Task.WhenAll(server, client).WaitAsync(limit ?? TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        return (await client, await server);
    }

    /// <summary>Starts both sides and returns both tasks without waiting, for tests that expect failures.</summary>
    public (Task<DtlsHandshakeResult> Client, Task<DtlsHandshakeResult> Server) Start() =>
        (Client.StartAsync(TestContext.Current.CancellationToken), Server.StartAsync(TestContext.Current.CancellationToken));

    public void Dispose()
    {
        Client.Dispose();
        Server.Dispose();
    }
}
