using System.Security.Cryptography;
using X509Request = System.Security.Cryptography.X509Certificates.CertificateRequest;
using OpenLive.Rtc.Dtls;
using OpenLive.Rtc.Srtp;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;
using DtlsTransport = OpenLive.Rtc.Dtls.DtlsTransport;
using HashAlgorithm = Org.BouncyCastle.Tls.HashAlgorithm;

namespace OpenLive.Rtc.Tests.Dtls;

/// <summary>Our transports against plain BouncyCastle peers configured differently from ours.</summary>
public sealed class DtlsInteropTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Client_CompletesWithAnRsaServer_OverEcdheRsa()
    {
        using var rsa = RSA.Create(2048);
        var request = new X509Request("CN=rsa-peer", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var x509 = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var der = x509.RawData;
        var peer = new RsaServer(der, PrivateKeyFactory.CreateKey(rsa.ExportPkcs8PrivateKey()));

        var toServer = new ForwardingSender();
        var serverLink = new DatagramLink(toServer, 1200, 16);
        using var client = new DtlsTransport(
            DtlsRole.Client, DtlsTestPair.ClientCertificate, [DtlsFingerprint.Compute(FingerprintHashFunction.Sha256, der)], new ForwardingSender { Link = serverLink }, DtlsTestPair.Fast);
        toServer.Transport = client;

        var server = Task.Factory.StartNew(() => new DtlsServerProtocol().Accept(peer, serverLink), TestContext.Current.CancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        var result = await client.StartAsync(TestContext.Current.CancellationToken).WaitAsync(Limit, TestContext.Current.CancellationToken);
        await server.WaitAsync(Limit, TestContext.Current.CancellationToken);

        Assert.Equal(CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, result.CipherSuite);
        Assert.Equal(SrtpProfile.AesCm128HmacSha1Tag80, result.Profile);
        Assert.Equal(DtlsTestPair.ClientCertificate.Der.ToArray(), peer.ClientCertificate);

        // The server computed the same exporter output independently: client key | server key | client salt | server salt.
        var exported = peer.Exported!;
        Assert.Equal(exported[..16], result.Keys.LocalMasterKey);
        Assert.Equal(exported[16..32], result.Keys.RemoteMasterKey);
        Assert.Equal(exported[32..46], result.Keys.LocalMasterSalt);
        Assert.Equal(exported[46..60], result.Keys.RemoteMasterSalt);
    }

    [Fact]
    public async Task Server_RejectsAClientThatSendsNoCertificate()
    {
        var toServer = new ForwardingSender();
        var clientLink = new DatagramLink(toServer, 1200, 16);
        using var server = new DtlsTransport(
            DtlsRole.Server, DtlsTestPair.ServerCertificate, [DtlsTestPair.ClientCertificate.Fingerprint], new ForwardingSender { Link = clientLink }, DtlsTestPair.Fast);
        toServer.Transport = server;

        var handshake = server.StartAsync(TestContext.Current.CancellationToken);
        var anonymous = Task.Factory.StartNew(() => new DtlsClientProtocol().Connect(new AnonymousClient(), clientLink), TestContext.Current.CancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        var failure = await Assert.ThrowsAsync<DtlsHandshakeException>(() => handshake.WaitAsync(Limit, TestContext.Current.CancellationToken));
        Assert.Equal(DtlsFailureReason.FingerprintMismatch, failure.Reason);
        Assert.Equal((byte)AlertDescription.bad_certificate, failure.Alert);
        await Assert.ThrowsAsync<TlsFatalAlertReceived>(() => anonymous.WaitAsync(Limit, TestContext.Current.CancellationToken));
    }

    /// <summary>Delivers datagrams to a transport or into a raw BouncyCastle peer's link.</summary>
    private sealed class ForwardingSender : IDtlsDatagramSender
    {
        public DtlsTransport? Transport { get; set; }

        public DatagramLink? Link { get; set; }

        public void Send(ReadOnlySpan<byte> datagram)
        {
            Transport?.Enqueue(datagram);
            Link?.TryEnqueue(datagram);
        }
    }

    /// <summary>A DTLS 1.2 server with an RSA certificate, ECDHE_RSA only, that answers use_srtp with AES_CM_128_HMAC_SHA1_80 and asks for a client certificate.</summary>
    private sealed class RsaServer(byte[] certificate, Org.BouncyCastle.Crypto.AsymmetricKeyParameter key) : DefaultTlsServer(new BcTlsCrypto())
    {
        public byte[]? ClientCertificate { get; private set; }

        public byte[]? Exported { get; private set; }

        protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.DTLSv12.Only();

        protected override int[] GetSupportedCipherSuites() => [CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256];

        public override IDictionary<int, byte[]> GetServerExtensions()
        {
            var extensions = base.GetServerExtensions();
            TlsSrtpUtilities.AddUseSrtpExtension(extensions, new UseSrtpData([SrtpProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80], []));
            return extensions;
        }

        public override CertificateRequest GetCertificateRequest() =>
            new([ClientCertificateType.ecdsa_sign], [new SignatureAndHashAlgorithm(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa)], null);

        public override void NotifyClientCertificate(Certificate clientCertificate) =>
            ClientCertificate = clientCertificate.GetCertificateAt(0).GetEncoded();

        protected override TlsCredentialedSigner GetRsaSignerCredentials() => new BcDefaultTlsCredentialedSigner(
            new TlsCryptoParameters(m_context),
            (BcTlsCrypto)Crypto,
            key,
            new Certificate([Crypto.CreateCertificate(certificate)]),
            new SignatureAndHashAlgorithm(HashAlgorithm.sha256, SignatureAlgorithm.rsa));

        public override void NotifyHandshakeComplete() =>
            Exported = m_context.ExportKeyingMaterial("EXTRACTOR-dtls_srtp", null, 60);
    }

    /// <summary>A DTLS 1.2 client that offers use_srtp but has no certificate to give.</summary>
    private sealed class AnonymousClient() : DefaultTlsClient(new BcTlsCrypto()), TlsAuthentication
    {
        protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.DTLSv12.Only();

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
