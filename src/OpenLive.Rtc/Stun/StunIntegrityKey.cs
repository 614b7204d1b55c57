using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace OpenLive.Rtc.Stun;

/// <summary>
/// A MESSAGE-INTEGRITY key (RFC 8489 §14.5) kept as one keyed HMAC-SHA1 object, so checking a request and
/// signing its response allocate nothing. For ICE the key is the short-term password (RFC 8489 §9.1.1): the
/// agent's own password for requests it receives and responses it sends, the peer's for its requests and the
/// peer's responses (RFC 8445 §7.2.2, §7.3).
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |     Type 0x0008               |        Length 20              |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |              HMAC-SHA1 (160 bits)                             |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// The HMAC covers the message up to (not including) this attribute, but with the header's length field set as
/// if the message ended right after it — so a FINGERPRINT added later does not change the MAC.
/// <para>
/// Not thread-safe: the HMAC object carries state between its calls. One key belongs to one ICE session and is
/// used only under that session's serialization (the lite responder's caller, the full agent's lock).
/// </para>
/// </summary>
internal sealed class StunIntegrityKey : IDisposable
{
    /// <summary>Bytes of the HMAC-SHA1 value.</summary>
    public const int MacLength = 20;

    /// <summary>Total bytes of the attribute (header + MAC).</summary>
    public const int AttributeLength = 4 + MacLength;

    private readonly IncrementalHash hmac;

    /// <summary>Keys the HMAC with raw key bytes.</summary>
    [SuppressMessage("Security", "CA5350:Do Not Use Weak Cryptographic Algorithms", Justification = "STUN MESSAGE-INTEGRITY is HMAC-SHA1 by definition (RFC 8489 §14.5); every WebRTC peer expects it.")]
    public StunIntegrityKey(ReadOnlySpan<byte> key) => hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, key);

    /// <summary>
    /// The short-term key for an ICE password. RFC 8489 §9.1.1 runs the password through OpaqueString first;
    /// ICE passwords are ice-chars (ASCII letters, digits, '+', '/'), which that profile leaves as they are.
    /// </summary>
    public static StunIntegrityKey ForPassword(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        return new StunIntegrityKey(Encoding.UTF8.GetBytes(password));
    }

    /// <summary>True when <paramref name="message"/> carries a MESSAGE-INTEGRITY made with this key.</summary>
    public bool Verify(scoped in StunMessage message)
    {
        if (!message.HasMessageIntegrity)
        {
            return false;
        }

        var bytes = message.Bytes;
        var offset = message.MessageIntegrityOffset;
        Span<byte> mac = stackalloc byte[MacLength];
        Compute(bytes[..offset], mac);
        return CryptographicOperations.FixedTimeEquals(mac, bytes.Slice(offset + 4, MacLength));
    }

    /// <summary>
    /// The MAC of a message whose bytes before the MESSAGE-INTEGRITY attribute are <paramref name="precedingBytes"/>
    /// (header included), with the length field taken as ending at the attribute whatever it says now.
    /// </summary>
    public void Compute(ReadOnlySpan<byte> precedingBytes, Span<byte> mac)
    {
        Span<byte> header = stackalloc byte[StunHeader.Length];
        precedingBytes[..StunHeader.Length].CopyTo(header);
        BinaryPrimitives.WriteUInt16BigEndian(header[2..], (ushort)(precedingBytes.Length - StunHeader.Length + AttributeLength));
        hmac.AppendData(header);
        hmac.AppendData(precedingBytes[StunHeader.Length..]);
        hmac.GetHashAndReset(mac);
    }

    /// <summary>Releases the HMAC object.</summary>
    public void Dispose() => hmac.Dispose();
}
