namespace OpenLive.Rtc.Srtp;

/// <summary>
/// The SRTP key derivation function with the AES-CM PRF (RFC 3711 §4.3.1, §4.3.3), key_derivation_rate 0,
/// which both profiles use (RFC 7714 §11 for AES-GCM).
/// </summary>
/// <remarks>
/// The PRF input block is the master salt, right-padded with zeros to 112 bits (a 96-bit GCM salt gains two
/// zero octets), XORed with key_id = label || (index DIV kdr) aligned to its low end, then shifted by 2^16:
/// <code>
///   byte:     0 ... 6 | 7     | 8 ... 13 | 14 15
///   salt:     s0 .. s6| s7    | s8 .. s13|  0  0
///   key_id:   0 ..  0 | label | r = 0    |  -  -   (kdr = 0, so r is six zero octets)
/// </code>
/// The session key is the AES-CM keystream of that block under the master key.
/// </remarks>
internal static class SrtpKeyDerivation
{
    private const int LabelOffset = 7;

    /// <summary>Fills <paramref name="sessionKey"/> with the key for <paramref name="label"/>.</summary>
    public static void Derive(AesCounterMode masterKeyPrf, ReadOnlySpan<byte> masterSalt, SrtpKeyLabel label, Span<byte> sessionKey)
    {
        if (masterSalt.Length > 14)
        {
            throw new ArgumentException("An SRTP master salt is at most 112 bits.", nameof(masterSalt));
        }

        Span<byte> iv = stackalloc byte[AesCounterMode.BlockSize];
        iv.Clear();
        masterSalt.CopyTo(iv);
        iv[LabelOffset] ^= (byte)label;
        sessionKey.Clear();
        masterKeyPrf.Transform(iv, sessionKey);
    }
}
