using System.IO.Hashing;

namespace OpenLive.Rtc.Stun;

/// <summary>
/// The FINGERPRINT value (RFC 8489 §14.7): CRC-32 (the ISO-HDLC polynomial of ITU V.42) of the message up to
/// the attribute, XORed with 0x5354554E so a STUN message nested in another protocol that also uses CRC-32 does
/// not collide. The header's length already counts the FINGERPRINT attribute when the CRC is taken.
/// </summary>
internal static class StunFingerprint
{
    /// <summary>Total bytes of the attribute (header + 4-byte value).</summary>
    public const int AttributeLength = 8;

    private const uint Xor = 0x5354554E;

    /// <summary>The value for a message whose bytes before the FINGERPRINT attribute are <paramref name="precedingBytes"/>.</summary>
    public static uint Compute(ReadOnlySpan<byte> precedingBytes) => Crc32.HashToUInt32(precedingBytes) ^ Xor;
}
