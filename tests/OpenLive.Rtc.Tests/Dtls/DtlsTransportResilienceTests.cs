using Microsoft.Extensions.Time.Testing;
using OpenLive.Rtc.Dtls;
using OpenLive.Tests.Shared;

namespace OpenLive.Rtc.Tests.Dtls;

/// <summary>Loss, garbage, silence, aborts and closing.</summary>
public sealed class DtlsTransportResilienceTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(12);

    [Fact]
    public async Task LosingTheClientHello_IsRecoveredByRetransmission()
    {
        using var pair = new DtlsTestPair();
        pair.ToServer.Drop = static (index, _) => index == 0;
        var (client, server) = await pair.HandshakeAsync(Limit);

        DtlsTransportHandshakeTests.AssertMirrored(client.Keys, server.Keys);
        Assert.True(pair.ToServer.Sent.Count(IsClientHello) >= 2);
    }

    [Fact]
    public async Task LosingTheServersFinalFlight_IsResentAfterTheServerCompleted()
    {
        // The server is done once it sends ChangeCipherSpec + Finished; if they are lost, only the record pump can
        // answer the client's repeated flight (RFC 6347 §4.2.4).
        using var pair = new DtlsTestPair();
        var droppedCcs = false;
        var droppedFinished = false;
        pair.ToClient.Drop = (_, datagram) =>
        {
            if (!DtlsRecordHeader.TryRead(datagram, out var header))
            {
                return false;
            }

            if (header.ContentType == 20 && !droppedCcs)
            {
                return droppedCcs = true;
            }

            return header.Epoch == 1 && !droppedFinished && (droppedFinished = true);
        };

        var (client, server) = await pair.HandshakeAsync(Limit);

        DtlsTransportHandshakeTests.AssertMirrored(client.Keys, server.Keys);
        Assert.True(droppedCcs && droppedFinished);
        Assert.Equal(2, pair.ToClient.Sent.Count(d => d[0] == 20));
    }

    [Fact]
    public async Task TwentyPercentLossBothWays_StillCompletes()
    {
        using var pair = new DtlsTestPair(
            clientOptions: new() { InitialRetransmitTimeout = TimeSpan.FromMilliseconds(100), HandshakeTimeout = TimeSpan.FromSeconds(30) },
            serverOptions: new() { InitialRetransmitTimeout = TimeSpan.FromMilliseconds(100), HandshakeTimeout = TimeSpan.FromSeconds(30) });
        pair.ToServer.Drop = DtlsTestLink.RandomLoss(0.2, seed: 1);
        pair.ToClient.Drop = DtlsTestLink.RandomLoss(0.2, seed: 2);
        var (client, server) = await pair.HandshakeAsync(TimeSpan.FromSeconds(14));

        DtlsTransportHandshakeTests.AssertMirrored(client.Keys, server.Keys);
        Assert.True(pair.ToServer.Dropped + pair.ToClient.Dropped > 0);
    }

    [Fact]
    public async Task GarbageDatagrams_BeforeDuringAndAfterTheHandshake_AreIgnored()
    {
        using var pair = new DtlsTestPair();
        var random = new Random(7);
        void Spray(bool established)
        {
            foreach (var transport in new[] { pair.Client, pair.Server })
            {
                for (var i = 0; i < 30; i++)
                {
                    transport.Enqueue(Garbage(random, established));
                }
            }
        }

        Spray(established: false);
        var handshake = pair.HandshakeAsync(Limit);
        Spray(established: false);
        var (client, server) = await handshake;
        Spray(established: true);

        DtlsTransportHandshakeTests.AssertMirrored(client.Keys, server.Keys);
        await Task.Delay(200, TestContext.Current.CancellationToken);
        Assert.Equal(DtlsTransportState.Connected, pair.Client.State);
        Assert.Equal(DtlsTransportState.Connected, pair.Server.State);
        Assert.True(pair.Server.DroppedDatagrams > 0);
    }

    [Fact]
    public async Task ShortProtectedRecord_AfterTheHandshake_IsDroppedNotFatal()
    {
        // Too short for a GCM nonce and tag: BouncyCastle would answer it with a fatal decode_error.
        using var pair = new DtlsTestPair();
        await pair.HandshakeAsync();
        var record = new byte[DtlsRecordHeader.Size + 18];
        new DtlsRecordHeader(21, 0xFEFD, 1, 1000, 18).TryWrite(record);

        pair.Client.Enqueue(record);
        pair.Server.Enqueue(record);
        await Task.Delay(200, TestContext.Current.CancellationToken);

        Assert.Equal(DtlsTransportState.Connected, pair.Client.State);
        Assert.Equal(DtlsTransportState.Connected, pair.Server.State);
        Assert.Equal(1, pair.Client.DroppedDatagrams);
    }

    [Theory]
    [InlineData(DtlsRole.Server)]
    [InlineData(DtlsRole.Client)]
    public async Task SilentPeer_TimesOut(DtlsRole role)
    {
        var clock = new FakeTimeProvider();
        using var transport = Lonely(role, new DtlsTransportOptions { TimeProvider = clock, HandshakeTimeout = TimeSpan.FromSeconds(10) });
        var handshake = transport.StartAsync(TestContext.Current.CancellationToken);

        clock.Advance(TimeSpan.FromSeconds(9));
        await Task.Delay(50, TestContext.Current.CancellationToken);
        Assert.False(handshake.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(1));

        var failure = await Assert.ThrowsAsync<DtlsHandshakeException>(() => handshake.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken));
        Assert.Equal(DtlsFailureReason.Timeout, failure.Reason);
        Assert.Equal(DtlsTransportState.Failed, transport.State);
    }

    [Theory]
    [InlineData(DtlsRole.Server)]
    [InlineData(DtlsRole.Client)]
    public async Task Dispose_DuringTheHandshake_EndsItPromptly(DtlsRole role)
    {
        var transport = Lonely(role, DtlsTestPair.Fast);
        var handshake = transport.StartAsync(TestContext.Current.CancellationToken);
        await Task.Delay(100, TestContext.Current.CancellationToken);

        var started = DateTime.UtcNow;
        transport.Dispose();
        var failure = await Assert.ThrowsAsync<DtlsHandshakeException>(() => handshake.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken));

        Assert.Equal(DtlsFailureReason.Aborted, failure.Reason);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(1));
        Assert.Equal(DtlsTransportState.Failed, transport.State);
        Assert.Throws<ObjectDisposedException>(() => { _ = transport.StartAsync(TestContext.Current.CancellationToken); });
    }

    [Fact]
    public async Task CancellingTheStartToken_CancelsTheHandshake()
    {
        using var transport = Lonely(DtlsRole.Server, DtlsTestPair.Fast);
        using var cancellation = new CancellationTokenSource();
        var handshake = transport.StartAsync(cancellation.Token);

        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => handshake.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken));
        Assert.Equal(DtlsTransportState.Failed, transport.State);
    }

    [Fact]
    public async Task Close_SendsCloseNotify_AndBothSidesReportIt()
    {
        using var pair = new DtlsTestPair();
        await pair.HandshakeAsync();
        var serverClosed = new TaskCompletionSource<DtlsClosedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        var clientClosed = new List<DtlsClosedEventArgs>();
        pair.Server.Closed += (_, e) => serverClosed.TrySetResult(e);
        pair.Client.Closed += (_, e) => clientClosed.Add(e);

        pair.Client.Close();
        pair.Client.Close();

        var serverEvent = await serverClosed.Task.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        Assert.Equal(DtlsCloseReason.PeerCloseNotify, serverEvent.Reason);
        Assert.Equal(DtlsCloseReason.Local, Assert.Single(clientClosed).Reason);
        Assert.Equal(DtlsTransportState.Closed, pair.Client.State);
        Assert.Equal(DtlsTransportState.Closed, pair.Server.State);

        // The client's close_notify is an encrypted alert record (epoch 1), and the server answered with its own.
        Assert.Contains(pair.ToServer.Sent, d => d[0] == 21 && d[4] == 1);
        Assert.Contains(pair.ToClient.Sent, d => d[0] == 21 && d[4] == 1);
    }

    [Fact]
    public void StartAsync_Twice_Throws()
    {
        using var transport = Lonely(DtlsRole.Server, DtlsTestPair.Fast);
        _ = transport.StartAsync(TestContext.Current.CancellationToken);
        Assert.Throws<InvalidOperationException>(() => { _ = transport.StartAsync(TestContext.Current.CancellationToken); });
    }

    [Fact]
    public void Enqueue_OfNonDtlsBytes_IsDroppedWithoutAllocating()
    {
        using var transport = Lonely(DtlsRole.Server, DtlsTestPair.Fast);
        var rtp = new byte[1200];
        rtp[0] = 0x80;
        transport.Enqueue(rtp);

        Assert.Equal(0, AllocationMeter.LeastAllocated(() => transport.Enqueue(rtp), iterations: 10_000));
        Assert.Equal(1 + 1 + (3 * 10_000), transport.DroppedDatagrams);
    }

    private static bool IsClientHello(byte[] datagram) =>
        DtlsRecordHeader.TryRead(datagram, out var header) && header.ContentType == 22 && datagram.Length > DtlsRecordHeader.Size && datagram[DtlsRecordHeader.Size] == 1;

    /// <summary>A transport whose datagrams go nowhere.</summary>
    private static DtlsTransport Lonely(DtlsRole role, DtlsTransportOptions options) =>
        new(role, DtlsTestPair.ServerCertificate, [DtlsTestPair.ClientCertificate.Fingerprint], new DtlsTestLink(), options);

    /// <summary>
    /// Random bytes, or a well-formed record header over random bytes. During the handshake the forged records claim
    /// epoch 1, which has no keys yet: epoch 0 is unauthenticated in DTLS 1.2, so a forged epoch-0 record can derail a
    /// handshake (a fake alert ends it, a high sequence number pushes the replay window past the real records); only an
    /// attacker able to inject into the ICE-validated 5-tuple can do that, and no DTLS 1.2 stack resists it. Once
    /// established, any epoch goes: BouncyCastle ignores epoch 0 and drops epoch 1 records whose AEAD tag fails.
    /// </summary>
    private static byte[] Garbage(Random random, bool established)
    {
        var datagram = new byte[random.Next(1, 300)];
        random.NextBytes(datagram);
        if (datagram.Length > DtlsRecordHeader.Size && random.Next(3) > 0)
        {
            var type = (byte)random.Next(DtlsRecordHeader.FirstContentType, DtlsRecordHeader.LastContentType + 1);
            var epoch = established ? (ushort)random.Next(2) : (ushort)1;
            new DtlsRecordHeader(type, 0xFEFD, epoch, (ulong)random.Next(), (ushort)(datagram.Length - DtlsRecordHeader.Size)).TryWrite(datagram);
        }

        return datagram;
    }
}
