namespace OpenLive.Rtc.Srtp;

/// <summary>SRTP protection profiles negotiated by DTLS use_srtp; values are the IANA profile ids (RFC 5764 §4.1.2, RFC 7714 §14.2).</summary>
public enum SrtpProfile : ushort
{
    /// <summary>SRTP_AES128_CM_HMAC_SHA1_80: AES-128 counter mode, 80-bit HMAC-SHA1 tag (RFC 3711).</summary>
    AesCm128HmacSha1Tag80 = 0x0001,

    /// <summary>SRTP_AEAD_AES_128_GCM: AES-128-GCM with a 16-byte tag (RFC 7714).</summary>
    AeadAes128Gcm = 0x0007,
}

/// <summary>Sizes of a profile's master key and salt, from which DTLS key export lengths follow (RFC 5764 §4.2).</summary>
public static class SrtpProfileSizes
{
    /// <summary>Master key length in bytes.</summary>
    public static int KeyLength(this SrtpProfile profile) => 16;

    /// <summary>Master salt length in bytes: 14 for AES-CM (RFC 3711), 12 for AES-GCM (RFC 7714 §12).</summary>
    public static int SaltLength(this SrtpProfile profile) => profile == SrtpProfile.AeadAes128Gcm ? 12 : 14;
}
