using Org.BouncyCastle.Tls;

namespace OpenLive.Rtc.Dtls;

/// <summary>
/// The DTLS 1.2 parameters both our roles offer, chosen to meet libwebrtc/BoringSSL and werift: ECDHE with AEAD
/// suites only, x25519 or P-256 for the key exchange, ECDSA-SHA256 signatures from our P-256 certificate.
/// </summary>
internal static class DtlsSecurityPolicy
{
    /// <summary>What the server (SFU) accepts: only ECDSA suites, since our certificate is ECDSA.</summary>
    public static readonly int[] ServerCipherSuites =
    [
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
    ];

    /// <summary>What the client offers: the ECDSA suites first, then the RSA ones for peers with RSA certificates.</summary>
    public static readonly int[] ClientCipherSuites =
    [
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
    ];

    /// <summary>Key exchange groups in our preference order.</summary>
    public static readonly int[] NamedGroups = [NamedGroup.x25519, NamedGroup.secp256r1];

    /// <summary>Certificate types the server asks the client for (RFC 5246 §7.4.4); browsers use ECDSA, some stacks RSA.</summary>
    public static readonly short[] ClientCertificateTypes = [ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign];

    /// <summary>Signature algorithms the server accepts in the client's CertificateVerify.</summary>
    public static readonly SignatureAndHashAlgorithm[] ClientSignatureAlgorithms =
    [
        new(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa),
        new(HashAlgorithm.sha384, SignatureAlgorithm.ecdsa),
        SignatureAndHashAlgorithm.rsa_pss_rsae_sha256,
        new(HashAlgorithm.sha256, SignatureAlgorithm.rsa),
        new(HashAlgorithm.sha384, SignatureAlgorithm.rsa),
    ];

    /// <summary>ECDSA signatures our P-256 key can make, best first (TLS 1.2 does not tie the hash to the curve).</summary>
    private static readonly SignatureAndHashAlgorithm[] EcdsaSignatures =
    [
        new(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa),
        new(HashAlgorithm.sha384, SignatureAlgorithm.ecdsa),
        new(HashAlgorithm.sha512, SignatureAlgorithm.ecdsa),
    ];

    /// <summary>The smallest protected record any of our suites can produce: ChaCha20-Poly1305's 16-byte tag (RFC 7905).</summary>
    public const int MinimumProtectedFragmentLength = 16;

    /// <summary>
    /// Bytes a protected record of the given suite carries besides its plaintext (which may be empty for application
    /// data): AES-GCM has an 8-byte explicit nonce and a 16-byte tag (RFC 5288 §3), ChaCha20-Poly1305 only the tag.
    /// </summary>
    public static int ProtectedRecordOverhead(int cipherSuite) => cipherSuite switch
    {
        CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256 or CipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256 => 16,
        _ => 8 + 16,
    };

    /// <summary>
    /// The first key exchange group of the peer's list (its preference) that we support; secp256r1 when the peer sent no
    /// list (RFC 8422 §4 lets the server choose); -1 when nothing is shared, which fails the handshake.
    /// </summary>
    public static int SelectNamedGroup(int[]? peerGroups)
    {
        if (peerGroups is null)
        {
            return NamedGroup.secp256r1;
        }

        foreach (var group in peerGroups)
        {
            if (Array.IndexOf(NamedGroups, group) >= 0)
            {
                return group;
            }
        }

        return -1;
    }

    /// <summary>
    /// The signature algorithm for our ECDSA key that the peer accepts. A peer that sent no list gets ecdsa_sha1, the
    /// default RFC 5246 §7.4.1.4.1 implies (every WebRTC peer sends the list, so this is only for completeness).
    /// Null when the peer accepts no ECDSA signature at all.
    /// </summary>
    public static SignatureAndHashAlgorithm? SelectEcdsaSignature(IList<SignatureAndHashAlgorithm>? peerAlgorithms)
    {
        if (peerAlgorithms is null)
        {
            return new SignatureAndHashAlgorithm(HashAlgorithm.sha1, SignatureAlgorithm.ecdsa);
        }

        foreach (var candidate in EcdsaSignatures)
        {
            if (peerAlgorithms.Contains(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
