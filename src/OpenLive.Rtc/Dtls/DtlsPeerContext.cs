using OpenLive.Rtc.Srtp;
using Org.BouncyCastle.Tls;
using TlsCertificateChain = Org.BouncyCastle.Tls.Certificate;

namespace OpenLive.Rtc.Dtls;

/// <summary>
/// What our BouncyCastle server and client peers share: the configuration of one handshake and what they learn
/// while it runs (the verified peer certificate, the outcome, the reason for a failure we raised, alerts received).
/// Written by BouncyCastle callbacks on the handshake thread, later by the record pump under the transport's
/// BouncyCastle lock; read by the transport after those calls return. Fields read across threads are volatile.
/// </summary>
internal sealed class DtlsPeerContext(
    DtlsRole role,
    DtlsCertificate certificate,
    IReadOnlyList<DtlsFingerprint> remoteFingerprints,
    DtlsTransportOptions options,
    DatagramLink link)
{
    private volatile byte[]? _remoteCertificate;
    private volatile DtlsHandshakeResult? _result;
    private volatile int _localFailure = -1;
    private volatile int _alertReceived = -1;
    private volatile bool _closeNotifyReceived;

    public DtlsRole Role { get; } = role;

    public DtlsCertificate Certificate { get; } = certificate;

    public DtlsTransportOptions Options { get; } = options;

    /// <summary>BouncyCastle's own handshake timeout: ours plus five seconds, so ours normally fires first.</summary>
    public int BackstopTimeoutMillis => (int)Math.Min(int.MaxValue, (Options.HandshakeTimeout + TimeSpan.FromSeconds(5)).TotalMilliseconds);

    /// <summary>The outcome, set when BouncyCastle reports the handshake complete.</summary>
    public DtlsHandshakeResult? Result => _result;

    /// <summary>A failure we decided ourselves (fingerprint, SRTP profile) before raising the alert that ends the handshake.</summary>
    public DtlsFailureReason? LocalFailure => _localFailure < 0 ? null : (DtlsFailureReason)_localFailure;

    /// <summary>The last fatal alert the peer sent, if any.</summary>
    public byte? FatalAlertReceived => _alertReceived < 0 ? null : (byte)_alertReceived;

    /// <summary>True once the peer sent close_notify.</summary>
    public bool CloseNotifyReceived => _closeNotifyReceived;

    /// <summary>
    /// Accepts the peer's certificate chain only if its end-entity certificate matches the SDP fingerprint (RFC 8122 §5,
    /// RFC 5763 §5); names, dates and issuers are deliberately not checked, WebRTC certificates are self-signed.
    /// </summary>
    /// <exception cref="TlsFatalAlert">bad_certificate, which BouncyCastle sends to the peer before failing the handshake.</exception>
    public void VerifyPeerCertificate(TlsCertificateChain? chain)
    {
        if (chain is null || chain.IsEmpty)
        {
            Fail(DtlsFailureReason.FingerprintMismatch);
            throw new TlsFatalAlert(AlertDescription.bad_certificate, "The peer sent no certificate.");
        }

        var der = chain.GetCertificateAt(0).GetEncoded();
        if (!DtlsFingerprint.AnyMatches(remoteFingerprints, der))
        {
            Fail(DtlsFailureReason.FingerprintMismatch);
            throw new TlsFatalAlert(AlertDescription.bad_certificate, "The peer's certificate does not match its SDP fingerprint.");
        }

        _remoteCertificate = der;
    }

    /// <summary>Records that no SRTP profile was agreed and returns the alert for the caller to throw.</summary>
    public TlsFatalAlert NoCommonSrtpProfile(short alert, string message)
    {
        Fail(DtlsFailureReason.NoCommonSrtpProfile);
        return new TlsFatalAlert(alert, message);
    }

    /// <summary>Tightens the link's record filter to the chosen suite, before any record protected by it can arrive.</summary>
    public void OnCipherSuiteSelected(int cipherSuite) =>
        link.MinimumProtectedLength = DtlsSecurityPolicy.ProtectedRecordOverhead(cipherSuite);

    /// <summary>Records the alerts that end an association: close_notify, or any fatal one.</summary>
    public void OnAlertReceived(short level, short description)
    {
        if (description == AlertDescription.close_notify)
        {
            _closeNotifyReceived = true;
        }
        else if (level == AlertLevel.fatal)
        {
            _alertReceived = description;
        }
    }

    /// <summary>Derives the SRTP keys; called from BouncyCastle's NotifyHandshakeComplete, the only time the exporter works.</summary>
    public void OnHandshakeComplete(TlsContext context, SrtpProfile profile)
    {
        Options.HandshakeCompletedTap?.Invoke(context);
        var keys = SrtpKeyExport.Export(context, profile, Role);
        var remote = _remoteCertificate ?? throw new TlsFatalAlert(AlertDescription.internal_error, "Handshake completed without a verified peer certificate.");
        _result = new DtlsHandshakeResult(keys, (ushort)context.SecurityParameters.CipherSuite, remote);
    }

    private void Fail(DtlsFailureReason reason) => _localFailure = (int)reason;
}
