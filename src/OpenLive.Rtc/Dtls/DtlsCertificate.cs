using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls.Crypto;
using TlsCertificateChain = Org.BouncyCastle.Tls.Certificate;

namespace OpenLive.Rtc.Dtls;

/// <summary>
/// This endpoint's DTLS identity: a self-signed ECDSA P-256 certificate (SHA-256 signature, random serial) and its
/// private key. WebRTC peers don't check names, dates or issuers, only that the DER matches the fingerprint we put
/// in our SDP (RFC 8827 §6.5), so one certificate is created per process and shared by every
/// <see cref="DtlsTransport"/>. Immutable and thread-safe.
/// </summary>
public sealed class DtlsCertificate
{
    /// <summary>How long a generated certificate is valid when no validity is given.</summary>
    public static readonly TimeSpan DefaultValidity = TimeSpan.FromDays(30);

    private readonly byte[] _der;

    private DtlsCertificate(byte[] der, AsymmetricKeyParameter privateKey, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        _der = der;
        PrivateKey = privateKey;
        NotBefore = notBefore;
        NotAfter = notAfter;
        Fingerprint = DtlsFingerprint.Compute(FingerprintHashFunction.Sha256, der);
        SdpFingerprint = Fingerprint.ToString();
    }

    /// <summary>The certificate's DER encoding, exactly as sent in the DTLS Certificate message.</summary>
    public ReadOnlySpan<byte> Der => _der;

    /// <summary>The SHA-256 fingerprint of <see cref="Der"/>.</summary>
    public DtlsFingerprint Fingerprint { get; }

    /// <summary>The value for our SDP's <c>a=fingerprint:</c> line, e.g. <c>sha-256 AB:CD:…</c> (RFC 8122 §5).</summary>
    public string SdpFingerprint { get; }

    /// <summary>Start of validity (creation time minus one day, to tolerate peers with slow clocks).</summary>
    public DateTimeOffset NotBefore { get; }

    /// <summary>End of validity. Peers don't enforce it, but a process that outlives it should create a new certificate.</summary>
    public DateTimeOffset NotAfter { get; }

    /// <summary>The private key in BouncyCastle's form; immutable, so shared by all handshakes.</summary>
    internal AsymmetricKeyParameter PrivateKey { get; }

    /// <summary>
    /// Creates a fresh key pair and a self-signed certificate for it. Costs a key generation and a signature
    /// (about a millisecond): call once at startup.
    /// </summary>
    /// <param name="commonName">The subject and issuer CN; peers ignore it.</param>
    /// <param name="validity">How long after now the certificate stays valid; <see cref="DefaultValidity"/> when null.</param>
    /// <param name="timeProvider">The clock for the validity period; the system clock when null.</param>
    public static DtlsCertificate Create(string commonName = "OpenLive", TimeSpan? validity = null, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(commonName);
        var lifetime = validity ?? DefaultValidity;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lifetime, TimeSpan.Zero, nameof(validity));

        var now = (timeProvider ?? TimeProvider.System).GetUtcNow();
        var notBefore = TruncateToSeconds(now - TimeSpan.FromDays(1));
        var notAfter = TruncateToSeconds(now + lifetime);

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var subject = new X500DistinguishedNameBuilder();
        subject.AddCommonName(commonName);
        var name = subject.Build();
        var request = new CertificateRequest(name, key, HashAlgorithmName.SHA256);

        // RFC 5280 §4.1.2.2: a positive integer of at most 20 octets; 16 random bytes with the top bit cleared
        // (positive) and the next one set (no leading zero to strip, never zero).
        Span<byte> serial = stackalloc byte[16];
        RandomNumberGenerator.Fill(serial);
        serial[0] = (byte)((serial[0] & 0x3F) | 0x40);

        byte[] der;
        using (var certificate = request.Create(name, X509SignatureGenerator.CreateForECDsa(key), notBefore, notAfter, serial))
        {
            der = certificate.RawData;
        }

        var pkcs8 = key.ExportPkcs8PrivateKey();
        try
        {
            return new DtlsCertificate(der, PrivateKeyFactory.CreateKey(pkcs8), notBefore, notAfter);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs8);
        }
    }

    /// <summary>A one-certificate chain in BouncyCastle's form, bound to the handshake's crypto provider.</summary>
    internal TlsCertificateChain CreateChain(TlsCrypto crypto) => new([crypto.CreateCertificate(_der)]);

    private static DateTimeOffset TruncateToSeconds(DateTimeOffset time) =>
        new(time.UtcTicks - (time.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
}
