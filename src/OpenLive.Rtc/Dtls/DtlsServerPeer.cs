using OpenLive.Rtc.Srtp;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;
using TlsCertificateChain = Org.BouncyCastle.Tls.Certificate;

namespace OpenLive.Rtc.Dtls;

/// <summary>
/// Our DTLS 1.2 server (the SFU's side, <c>a=setup:passive</c>) as BouncyCastle's <see cref="TlsServer"/>: ECDHE-ECDSA
/// AEAD suites, x25519/P-256, extended master secret required (RFC 7627), a CertificateRequest so the client
/// authenticates too, use_srtp chosen in our preference order. No HelloVerifyRequest: ICE connectivity checks have
/// already proven the peer's address (RFC 8842 §5 leaves the cookie exchange optional), which saves a round trip.
/// One instance per handshake; only BouncyCastle's handshake thread calls it.
/// </summary>
internal sealed class DtlsServerPeer(BcTlsCrypto crypto, DtlsPeerContext context) : DefaultTlsServer(crypto)
{
    private SrtpProfile _profile;

    protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.DTLSv12.Only();

    protected override int[] GetSupportedCipherSuites() => TlsUtilities.GetSupportedCipherSuites(Crypto, DtlsSecurityPolicy.ServerCipherSuites);

    public override int[] GetSupportedGroups() => (int[])DtlsSecurityPolicy.NamedGroups.Clone();

    protected override int SelectECDH(int minimumCurveBits) =>
        DtlsSecurityPolicy.SelectNamedGroup(m_context.SecurityParameters.ClientSupportedGroups);

    public override int GetSelectedCipherSuite()
    {
        var selected = base.GetSelectedCipherSuite();
        context.OnCipherSuiteSelected(selected);
        return selected;
    }

    public override bool RequiresExtendedMasterSecret() => true;

    // Renegotiation is never allowed by BouncyCastle's DTLS, so a peer that omits renegotiation_info risks nothing;
    // tolerating it keeps minimal stacks working.
    public override void NotifySecureRenegotiation(bool secureRenegotiation)
    {
    }

    // Our own timer bounds the whole handshake (DtlsTransportOptions.HandshakeTimeout) and closes the link;
    // BouncyCastle's, a little longer, is only a backstop.
    public override int GetHandshakeTimeoutMillis() => context.BackstopTimeoutMillis;

    public override int GetHandshakeResendTimeMillis() => (int)context.Options.InitialRetransmitTimeout.TotalMilliseconds;

    // WebRTC certificates are single and small; tight bounds limit what a hostile peer can make us buffer.
    public override int GetMaxCertificateChainLength() => 4;

    public override int GetMaxHandshakeMessageSize() => 16 * 1024;

    public override void ProcessClientExtensions(IDictionary<int, byte[]> clientExtensions)
    {
        base.ProcessClientExtensions(clientExtensions);
        var offer = clientExtensions is null ? null : TlsSrtpUtilities.GetUseSrtpExtension(clientExtensions);
        if (!SrtpProfileNegotiation.TrySelect(offer, context.Options.SrtpProfiles, out _profile))
        {
            throw context.NoCommonSrtpProfile(AlertDescription.handshake_failure, "The client offered no SRTP protection profile we accept.");
        }
    }

    public override IDictionary<int, byte[]> GetServerExtensions()
    {
        var extensions = base.GetServerExtensions() ?? new Dictionary<int, byte[]>();
        TlsSrtpUtilities.AddUseSrtpExtension(extensions, SrtpProfileNegotiation.CreateAnswer(_profile));
        return extensions;
    }

    public override CertificateRequest GetCertificateRequest() =>
        new(DtlsSecurityPolicy.ClientCertificateTypes, DtlsSecurityPolicy.ClientSignatureAlgorithms, null);

    public override void NotifyClientCertificate(TlsCertificateChain clientCertificate) => context.VerifyPeerCertificate(clientCertificate);

    protected override TlsCredentialedSigner GetECDsaSignerCredentials()
    {
        var signature = DtlsSecurityPolicy.SelectEcdsaSignature(m_context.SecurityParameters.ClientSigAlgs)
            ?? throw new TlsFatalAlert(AlertDescription.handshake_failure, "The client accepts no ECDSA signature.");
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
