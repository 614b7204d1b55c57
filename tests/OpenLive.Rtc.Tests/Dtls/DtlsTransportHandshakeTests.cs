using OpenLive.Rtc.Dtls;
using OpenLive.Rtc.Srtp;
using Org.BouncyCastle.Tls;
using DtlsTransport = OpenLive.Rtc.Dtls.DtlsTransport;

namespace OpenLive.Rtc.Tests.Dtls;

/// <summary>Client and server transports handshaking over an in-memory link.</summary>
public sealed class DtlsTransportHandshakeTests
{
    private static readonly TimeSpan FailureLimit = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Handshake_DerivesMirroredKeys_WithOurPreferredProfileAndSuite()
    {
        using var pair = new DtlsTestPair();
        var (client, server) = await pair.HandshakeAsync();

        Assert.Equal(SrtpProfile.AeadAes128Gcm, client.Profile);
        Assert.Equal(SrtpProfile.AeadAes128Gcm, server.Profile);
        AssertMirrored(client.Keys, server.Keys);
        Assert.Equal(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, client.CipherSuite);
        Assert.Equal(client.CipherSuite, server.CipherSuite);
        Assert.Equal(DtlsTestPair.ServerCertificate.Der.ToArray(), client.RemoteCertificate);
        Assert.Equal(DtlsTestPair.ClientCertificate.Der.ToArray(), server.RemoteCertificate);
        Assert.Equal(DtlsTransportState.Connected, pair.Client.State);
        Assert.Equal(DtlsTransportState.Connected, pair.Server.State);
        Assert.All(pair.ToServer.Sent.Concat(pair.ToClient.Sent), datagram => Assert.InRange(datagram.Length, 1, 1200));
    }

    [Theory]
    [InlineData(SrtpProfile.AesCm128HmacSha1Tag80, true)]
    [InlineData(SrtpProfile.AesCm128HmacSha1Tag80, false)]
    [InlineData(SrtpProfile.AeadAes128Gcm, true)]
    [InlineData(SrtpProfile.AeadAes128Gcm, false)]
    public async Task EitherSide_CanForceAProfile(SrtpProfile profile, bool forcedByServer)
    {
        var forced = new DtlsTransportOptions { SrtpProfiles = [profile], InitialRetransmitTimeout = TimeSpan.FromMilliseconds(100) };
        using var pair = forcedByServer ? new DtlsTestPair(serverOptions: forced) : new DtlsTestPair(clientOptions: forced);
        var (client, server) = await pair.HandshakeAsync();

        Assert.Equal(profile, client.Profile);
        Assert.Equal(profile, server.Profile);
        Assert.Equal(profile.KeyLength(), client.Keys.LocalMasterKey.Length);
        Assert.Equal(profile.SaltLength(), client.Keys.LocalMasterSalt.Length);
        AssertMirrored(client.Keys, server.Keys);
    }

    [Fact]
    public async Task Keys_AreBouncyCastlesExporterOutput_SplitAsRfc5764Says()
    {
        byte[]? clientExport = null, serverExport = null;
        const int Length = 2 * (16 + 12);
        using var pair = new DtlsTestPair(
            clientOptions: new() { HandshakeCompletedTap = context => clientExport = context.ExportKeyingMaterial("EXTRACTOR-dtls_srtp", null, Length) },
            serverOptions: new() { HandshakeCompletedTap = context => serverExport = context.ExportKeyingMaterial("EXTRACTOR-dtls_srtp", null, Length) });
        var (client, server) = await pair.HandshakeAsync();

        Assert.NotNull(clientExport);
        Assert.Equal(clientExport, serverExport);

        // RFC 5764 §4.2: client key | server key | client salt | server salt.
        Assert.Equal(clientExport[..16], client.Keys.LocalMasterKey);
        Assert.Equal(clientExport[16..32], client.Keys.RemoteMasterKey);
        Assert.Equal(clientExport[32..44], client.Keys.LocalMasterSalt);
        Assert.Equal(clientExport[44..56], client.Keys.RemoteMasterSalt);
        Assert.Equal(clientExport[16..32], server.Keys.LocalMasterKey);
        Assert.Equal(clientExport[44..56], server.Keys.LocalMasterSalt);
    }

    [Fact]
    public async Task NoCommonProfile_FailsBothSides()
    {
        using var pair = new DtlsTestPair(
            clientOptions: new() { SrtpProfiles = [SrtpProfile.AesCm128HmacSha1Tag80] },
            serverOptions: new() { SrtpProfiles = [SrtpProfile.AeadAes128Gcm] });
        var (client, server) = pair.Start();

        var serverFailure = await Assert.ThrowsAsync<DtlsHandshakeException>(() => server.WaitAsync(FailureLimit, TestContext.Current.CancellationToken));
        var clientFailure = await Assert.ThrowsAsync<DtlsHandshakeException>(() => client.WaitAsync(FailureLimit, TestContext.Current.CancellationToken));
        Assert.Equal(DtlsFailureReason.NoCommonSrtpProfile, serverFailure.Reason);
        Assert.Equal((byte)AlertDescription.handshake_failure, serverFailure.Alert);
        Assert.Equal(DtlsFailureReason.AlertReceived, clientFailure.Reason);
        Assert.Equal((byte)AlertDescription.handshake_failure, clientFailure.Alert);
        Assert.Equal(DtlsTransportState.Failed, pair.Server.State);
    }

    [Fact]
    public async Task ServerExpectingAnotherCertificate_RejectsTheClientWithBadCertificate()
    {
        using var pair = new DtlsTestPair(serverExpects: DtlsFingerprint.Compute(FingerprintHashFunction.Sha256, "someone else"u8));
        var (client, server) = pair.Start();

        var serverFailure = await Assert.ThrowsAsync<DtlsHandshakeException>(() => server.WaitAsync(FailureLimit, TestContext.Current.CancellationToken));
        var clientFailure = await Assert.ThrowsAsync<DtlsHandshakeException>(() => client.WaitAsync(FailureLimit, TestContext.Current.CancellationToken));
        Assert.Equal(DtlsFailureReason.FingerprintMismatch, serverFailure.Reason);
        Assert.Equal((byte)AlertDescription.bad_certificate, serverFailure.Alert);
        Assert.Equal(DtlsFailureReason.AlertReceived, clientFailure.Reason);
        Assert.Equal((byte)AlertDescription.bad_certificate, clientFailure.Alert);
    }

    [Fact]
    public async Task ClientExpectingAnotherCertificate_RejectsTheServerWithBadCertificate()
    {
        using var pair = new DtlsTestPair(clientExpects: DtlsTestPair.ClientCertificate.Fingerprint);
        var (client, server) = pair.Start();

        var clientFailure = await Assert.ThrowsAsync<DtlsHandshakeException>(() => client.WaitAsync(FailureLimit, TestContext.Current.CancellationToken));
        var serverFailure = await Assert.ThrowsAsync<DtlsHandshakeException>(() => server.WaitAsync(FailureLimit, TestContext.Current.CancellationToken));
        Assert.Equal(DtlsFailureReason.FingerprintMismatch, clientFailure.Reason);
        Assert.Equal((byte)AlertDescription.bad_certificate, clientFailure.Alert);
        Assert.Equal(DtlsFailureReason.AlertReceived, serverFailure.Reason);
        Assert.Equal((byte)AlertDescription.bad_certificate, serverFailure.Alert);
    }

    [Fact]
    public async Task Server_StartedAfterTheClientHelloArrived_StillCompletes()
    {
        using var pair = new DtlsTestPair();
        var client = pair.Client.StartAsync(TestContext.Current.CancellationToken);
        await Task.Delay(50, TestContext.Current.CancellationToken);
        var server = pair.Server.StartAsync(TestContext.Current.CancellationToken);

        await Task.WhenAll(client, server).WaitAsync(FailureLimit, TestContext.Current.CancellationToken);
        AssertMirrored((await client).Keys, (await server).Keys);
    }

    [Fact]
    public async Task Dtls10OnlyClient_IsRefusedWithProtocolVersion()
    {
        var toServer = new DtlsTestLink();
        var clientLink = new DatagramLink(toServer, 1200, 16);
        using var server = new DtlsTransport(DtlsRole.Server, DtlsTestPair.ServerCertificate, [DtlsTestPair.ClientCertificate.Fingerprint], new LinkSender(clientLink), DtlsTestPair.Fast);
        toServer.Peer = server;

        var serverTask = server.StartAsync(TestContext.Current.CancellationToken);
        var legacyClient = Task.Factory.StartNew(
            () => new DtlsClientProtocol().Connect(new Dtls10Client(), clientLink),
            TestContext.Current.CancellationToken,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);

        var failure = await Assert.ThrowsAsync<DtlsHandshakeException>(() => serverTask.WaitAsync(FailureLimit, TestContext.Current.CancellationToken));
        Assert.Equal(DtlsFailureReason.ProtocolError, failure.Reason);
        Assert.Equal((byte)AlertDescription.protocol_version, failure.Alert);
        await Assert.ThrowsAsync<TlsFatalAlertReceived>(() => legacyClient.WaitAsync(FailureLimit, TestContext.Current.CancellationToken));
    }

    internal static void AssertMirrored(SrtpKeyingMaterial client, SrtpKeyingMaterial server)
    {
        Assert.Equal(client.Profile, server.Profile);
        Assert.Equal(client.LocalMasterKey, server.RemoteMasterKey);
        Assert.Equal(client.LocalMasterSalt, server.RemoteMasterSalt);
        Assert.Equal(client.RemoteMasterKey, server.LocalMasterKey);
        Assert.Equal(client.RemoteMasterSalt, server.LocalMasterSalt);
        Assert.NotEqual(client.LocalMasterKey, client.RemoteMasterKey);
    }

    /// <summary>Forwards the server's datagrams into a raw BouncyCastle client's link.</summary>
    private sealed class LinkSender(DatagramLink target) : IDtlsDatagramSender
    {
        public void Send(ReadOnlySpan<byte> datagram) => target.TryEnqueue(datagram);
    }

    /// <summary>A BouncyCastle client that only speaks DTLS 1.0 (otherwise acceptable: it offers use_srtp) and trusts anything.</summary>
    private sealed class Dtls10Client() : DefaultTlsClient(new Org.BouncyCastle.Tls.Crypto.Impl.BC.BcTlsCrypto()), TlsAuthentication
    {
        protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.DTLSv10.Only();

        public override IDictionary<int, byte[]> GetClientExtensions()
        {
            var extensions = base.GetClientExtensions();
            TlsSrtpUtilities.AddUseSrtpExtension(extensions, new UseSrtpData([SrtpProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80], []));
            return extensions;
        }

        public override TlsAuthentication GetAuthentication() => this;

        public void NotifyServerCertificate(TlsServerCertificate serverCertificate)
        {
        }

        public TlsCredentials? GetClientCredentials(CertificateRequest certificateRequest) => null;
    }
}
