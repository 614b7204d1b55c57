using OpenLive.Rtc.Srtp;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;
using Org.BouncyCastle.Tls.Crypto;

namespace OpenLive.Rtc.Dtls;

/// <summary>
/// Our DTLS 1.2 client (<c>a=setup:active</c>, used by the .NET client stack) as BouncyCastle's <see cref="TlsClient"/>:
/// DTLS 1.2 only, ECDHE with ECDSA or RSA peers, x25519/P-256, extended master secret required (RFC 7627), use_srtp
/// offered in our preference order; the server's certificate is checked against its SDP fingerprint and ours is
/// sent when asked. Also its own <see cref="TlsAuthentication"/>. One instance per handshake; only BouncyCastle's
/// handshake thread calls it.
/// </summary>
internal sealed class DtlsClientPeer(BcTlsCrypto crypto, DtlsPeerContext context) : DefaultTlsClient(crypto), TlsAuthentication
{
    private SrtpProfile _profile;

    protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.DTLSv12.Only();

    protected override int[] GetSupportedCipherSuites() => TlsUtilities.GetSupportedCipherSuites(Crypto, DtlsSecurityPolicy.ClientCipherSuites);

    protected override IList<int> GetSupportedGroups(IList<int> namedGroupRoles) => [.. DtlsSecurityPolicy.NamedGroups];

    public override void NotifySelectedCipherSuite(int selectedCipherSuite)
    {
        base.NotifySelectedCipherSuite(selectedCipherSuite);
        context.OnCipherSuiteSelected(selectedCipherSuite);
    }

    public override bool RequiresExtendedMasterSecret() => true;

    // See DtlsServerPeer: BouncyCastle's DTLS never renegotiates, so the extension's absence is harmless.
    public override void NotifySecureRenegotiation(bool secureRenegotiation)
    {
    }

    // Our own timer bounds the whole handshake (DtlsTransportOptions.HandshakeTimeout) and closes the link;
    // BouncyCastle's, a little longer, is only a backstop.
    public override int GetHandshakeTimeoutMillis() => context.BackstopTimeoutMillis;

    public override int GetHandshakeResendTimeMillis() => (int)context.Options.InitialRetransmitTimeout.TotalMilliseconds;

    public override int GetMaxCertificateChainLength() => 4;

    public override int GetMaxHandshakeMessageSize() => 16 * 1024;

    public override IDictionary<int, byte[]> GetClientExtensions()
    {
        var extensions = base.GetClientExtensions() ?? new Dictionary<int, byte[]>();
        TlsSrtpUtilities.AddUseSrtpExtension(extensions, SrtpProfileNegotiation.CreateOffer(context.Options.SrtpProfiles));
        return extensions;
    }

    public override void ProcessServerExtensions(IDictionary<int, byte[]> serverExtensions)
    {
        base.ProcessServerExtensions(serverExtensions);
        var answer = serverExtensions is null ? null : TlsSrtpUtilities.GetUseSrtpExtension(serverExtensions);
        if (answer is null)
        {
            throw context.NoCommonSrtpProfile(AlertDescription.handshake_failure, "The server did not negotiate use_srtp.");
        }

        if (!SrtpProfileNegotiation.TryAccept(answer, context.Options.SrtpProfiles, out _profile))
        {
            throw context.NoCommonSrtpProfile(AlertDescription.illegal_parameter, "The server chose an SRTP profile or MKI we did not offer.");
        }
    }

    public override TlsAuthentication GetAuthentication() => this;

    public void NotifyServerCertificate(TlsServerCertificate serverCertificate) =>
        context.VerifyPeerCertificate(serverCertificate?.Certificate);

    public TlsCredentials? GetClientCredentials(CertificateRequest certificateRequest)
    {
        // Null means "no certificate": the server will then refuse us, which is the right outcome when it cannot
        // verify an ECDSA signature.
        var signature = DtlsSecurityPolicy.SelectEcdsaSignature(certificateRequest?.SupportedSignatureAlgorithms);
        if (signature is null || certificateRequest?.CertificateTypes is not { } types || Array.IndexOf(types, ClientCertificateType.ecdsa_sign) < 0)
        {
            return null;
        }

        return new BcDefaultTlsCredentialedSigner(
            new TlsCryptoParameters(m_context), crypto, context.Certificate.PrivateKey, context.Certificate.CreateChain(crypto), signature);
    }

    public override void NotifyAlertReceived(short alertLevel, short alertDescription) =>
        context.OnAlertReceived(alertLevel, alertDescription);

    public override void NotifyHandshakeComplete()
    {
        base.NotifyHandshakeComplete();
        context.OnHandshakeComplete(m_context, _profile);
    }
}
