namespace OpenLive.Rtc.Dtls;

/// <summary>
/// Hash functions of the SDP <c>a=fingerprint</c> attribute that we accept (RFC 8122 §5).
/// Values are ordered by strength, so the strongest of several fingerprints is the largest value.
/// </summary>
public enum FingerprintHashFunction
{
    /// <summary><c>sha-1</c> (20 bytes); accepted from peers that still offer it, never produced.</summary>
    Sha1 = 1,

    /// <summary><c>sha-256</c> (32 bytes); what we publish and what every WebRTC peer must support.</summary>
    Sha256 = 2,

    /// <summary><c>sha-384</c> (48 bytes).</summary>
    Sha384 = 3,

    /// <summary><c>sha-512</c> (64 bytes).</summary>
    Sha512 = 4,
}
