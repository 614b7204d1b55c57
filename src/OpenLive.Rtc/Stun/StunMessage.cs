using System.Buffers.Binary;
using System.Net;

namespace OpenLive.Rtc.Stun;

/// <summary>
/// A received STUN message, parsed in place: a view over the datagram's bytes with the offsets of the attributes
/// ICE uses (header and attribute layout in <see cref="StunHeader"/> and <see cref="StunAttributeEnumerator"/>).
/// Parsing never throws and never allocates; every length is checked against the datagram.
/// <para>
/// What <see cref="TryParse"/> refuses (returns false for): anything that is not a whole RFC 5389+ STUN message —
/// short, top bits set, wrong magic cookie, length not a multiple of 4 or not matching the datagram, an attribute
/// running past the end, an attribute after FINGERPRINT or a FINGERPRINT of the wrong size. Such bytes are not
/// STUN and get no answer (RFC 8489 §6.3). A well-framed message whose known attribute has a bad value (a
/// 3-byte PRIORITY, say) parses with <see cref="HasInvalidAttribute"/> set, so a request can be refused with 400.
/// </para>
/// <para>
/// Only the first of repeated attributes counts (RFC 8489 §14), and everything after MESSAGE-INTEGRITY except
/// FINGERPRINT is ignored (RFC 8489 §14.5).
/// </para>
/// </summary>
internal ref struct StunMessage
{
    /// <summary>Longest USERNAME accepted (RFC 8489 §14.3: fewer than 513 bytes).</summary>
    public const int MaxUsernameLength = 512;

    private int usernameOffset;
    private int usernameLength;
    private int xorMappedOffset;
    private int xorMappedLength;
    private int mappedOffset;
    private int mappedLength;
    private int errorCodeOffset;
    private int errorCodeLength;
    private uint priority;
    private ulong controllingTiebreaker;
    private ulong controlledTiebreaker;
    private bool hasPriority;
    private bool hasControlling;
    private bool hasControlled;

    private StunMessage(ReadOnlySpan<byte> bytes, StunClass messageClass, StunMethod method)
    {
        Bytes = bytes;
        Class = messageClass;
        Method = method;
    }

    /// <summary>The whole message.</summary>
    public ReadOnlySpan<byte> Bytes { get; }

    /// <summary>Request, indication, success or error response.</summary>
    public StunClass Class { get; }

    /// <summary>The method (ICE uses only Binding).</summary>
    public StunMethod Method { get; }

    /// <summary>The transaction id as a value.</summary>
    public readonly StunTransactionId TransactionId => StunTransactionId.Read(Bytes[StunHeader.TransactionIdOffset..]);

    /// <summary>USERNAME's bytes (UTF-8), empty when absent; see <see cref="HasUsername"/>.</summary>
    public readonly ReadOnlySpan<byte> Username => usernameOffset == 0 ? default : Bytes.Slice(usernameOffset, usernameLength);

    /// <summary>True when USERNAME is present (it may be empty).</summary>
    public readonly bool HasUsername => usernameOffset != 0;

    /// <summary>PRIORITY, or null when absent.</summary>
    public readonly uint? Priority => hasPriority ? priority : null;

    /// <summary>True when USE-CANDIDATE is present.</summary>
    public bool UseCandidate { get; private set; }

    /// <summary>ICE-CONTROLLING's tiebreaker, or null when absent.</summary>
    public readonly ulong? IceControlling => hasControlling ? controllingTiebreaker : null;

    /// <summary>ICE-CONTROLLED's tiebreaker, or null when absent.</summary>
    public readonly ulong? IceControlled => hasControlled ? controlledTiebreaker : null;

    /// <summary>Offset of the MESSAGE-INTEGRITY attribute's type field, or 0 when absent.</summary>
    public int MessageIntegrityOffset { get; private set; }

    /// <summary>True when MESSAGE-INTEGRITY is present (check it with <see cref="StunIntegrityKey.Verify"/>).</summary>
    public readonly bool HasMessageIntegrity => MessageIntegrityOffset != 0;

    /// <summary>Offset of the FINGERPRINT attribute's type field, or 0 when absent.</summary>
    public int FingerprintOffset { get; private set; }

    /// <summary>True when FINGERPRINT is present (check it with <see cref="IsFingerprintValid"/>).</summary>
    public readonly bool HasFingerprint => FingerprintOffset != 0;

    /// <summary>True when a comprehension-required attribute (type below 0x8000) we do not know is present.</summary>
    public bool HasUnknownComprehensionRequired { get; private set; }

    /// <summary>True when a known attribute had a value of the wrong size (the message is a bad request).</summary>
    public bool HasInvalidAttribute { get; private set; }

    /// <summary>The attributes, in order (including unknown and ignored ones).</summary>
    public readonly StunAttributeEnumerator Attributes => new(Bytes[StunHeader.Length..]);

    /// <summary>True when FINGERPRINT is present and matches the CRC-32 of the message before it.</summary>
    public readonly bool IsFingerprintValid() =>
        FingerprintOffset != 0
        && BinaryPrimitives.ReadUInt32BigEndian(Bytes[(FingerprintOffset + 4)..]) == StunFingerprint.Compute(Bytes[..FingerprintOffset]);

    /// <summary>XOR-MAPPED-ADDRESS, decoded (allocates the endpoint); false when absent or malformed.</summary>
    public readonly bool TryGetXorMappedAddress(out IPEndPoint? endpoint)
    {
        endpoint = null;
        return xorMappedOffset != 0
            && StunAddress.TryRead(Bytes.Slice(xorMappedOffset, xorMappedLength), xor: true, Bytes, out endpoint);
    }

    /// <summary>MAPPED-ADDRESS, decoded (allocates the endpoint); false when absent or malformed.</summary>
    public readonly bool TryGetMappedAddress(out IPEndPoint? endpoint)
    {
        endpoint = null;
        return mappedOffset != 0
            && StunAddress.TryRead(Bytes.Slice(mappedOffset, mappedLength), xor: false, Bytes, out endpoint);
    }

    /// <summary>ERROR-CODE's code and reason phrase; false when absent or malformed.</summary>
    public readonly bool TryGetErrorCode(out int code, out ReadOnlySpan<byte> reason)
    {
        code = 0;
        reason = default;
        return errorCodeOffset != 0 && StunErrorCode.TryRead(Bytes.Slice(errorCodeOffset, errorCodeLength), out code, out reason);
    }

    /// <summary>Parses one datagram as a STUN message; false (never an exception) when it is not one.</summary>
    public static bool TryParse(ReadOnlySpan<byte> packet, out StunMessage message)
    {
        message = default;
        if (packet.Length < StunHeader.Length || (packet[0] & 0xC0) != 0)
        {
            return false;
        }

        var length = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
        if ((length & 3) != 0 || StunHeader.Length + length != packet.Length
            || BinaryPrimitives.ReadUInt32BigEndian(packet[4..]) != StunHeader.MagicCookie)
        {
            return false;
        }

        StunHeader.DecodeType(BinaryPrimitives.ReadUInt16BigEndian(packet), out var messageClass, out var method);
        var parsed = new StunMessage(packet, messageClass, method);
        var attributes = parsed.Attributes;
        while (attributes.MoveNext())
        {
            if (parsed.FingerprintOffset != 0)
            {
                return false; // FINGERPRINT must be the last attribute (RFC 8489 §14.7).
            }

            if (!parsed.Take(attributes.Type, StunHeader.Length + attributes.Offset, attributes.Value))
            {
                return false;
            }
        }

        if (!attributes.AtEnd)
        {
            return false;
        }

        message = parsed;
        return true;
    }

    /// <summary>Records one attribute; false only for a FINGERPRINT of the wrong size (then the bytes are not STUN).</summary>
    private bool Take(StunAttributeType type, int offset, ReadOnlySpan<byte> value)
    {
        var valueOffset = offset + 4;
        if (MessageIntegrityOffset != 0 && type != StunAttributeType.Fingerprint)
        {
            return true;
        }

        switch (type)
        {
            case StunAttributeType.Fingerprint:
                if (value.Length != 4)
                {
                    return false;
                }

                FingerprintOffset = offset;
                break;
            case StunAttributeType.MessageIntegrity:
                if (value.Length == StunIntegrityKey.MacLength)
                {
                    MessageIntegrityOffset = offset;
                }
                else
                {
                    HasInvalidAttribute = true;
                }

                break;
            case StunAttributeType.Username when usernameOffset == 0:
                if (value.Length <= MaxUsernameLength)
                {
                    (usernameOffset, usernameLength) = (valueOffset, value.Length);
                }
                else
                {
                    HasInvalidAttribute = true;
                }

                break;
            case StunAttributeType.Priority when !hasPriority:
                hasPriority = value.Length == 4;
                priority = hasPriority ? BinaryPrimitives.ReadUInt32BigEndian(value) : 0;
                HasInvalidAttribute |= !hasPriority;
                break;
            case StunAttributeType.UseCandidate:
                UseCandidate = value.IsEmpty;
                HasInvalidAttribute |= !value.IsEmpty;
                break;
            case StunAttributeType.IceControlling when !hasControlling:
                hasControlling = value.Length == 8;
                controllingTiebreaker = hasControlling ? BinaryPrimitives.ReadUInt64BigEndian(value) : 0;
                HasInvalidAttribute |= !hasControlling;
                break;
            case StunAttributeType.IceControlled when !hasControlled:
                hasControlled = value.Length == 8;
                controlledTiebreaker = hasControlled ? BinaryPrimitives.ReadUInt64BigEndian(value) : 0;
                HasInvalidAttribute |= !hasControlled;
                break;
            case StunAttributeType.XorMappedAddress when xorMappedOffset == 0:
                (xorMappedOffset, xorMappedLength) = (valueOffset, value.Length);
                break;
            case StunAttributeType.MappedAddress when mappedOffset == 0:
                (mappedOffset, mappedLength) = (valueOffset, value.Length);
                break;
            case StunAttributeType.ErrorCode when errorCodeOffset == 0:
                (errorCodeOffset, errorCodeLength) = (valueOffset, value.Length);
                break;
            default:
                HasUnknownComprehensionRequired |= IsUnknownComprehensionRequired(type);
                break;
        }

        return true;
    }

    /// <summary>True for a comprehension-required type (below 0x8000) this stack does not know.</summary>
    public static bool IsUnknownComprehensionRequired(StunAttributeType type) =>
        (ushort)type < 0x8000 && type is not (StunAttributeType.MappedAddress or StunAttributeType.Username
            or StunAttributeType.MessageIntegrity or StunAttributeType.ErrorCode or StunAttributeType.UnknownAttributes
            or StunAttributeType.XorMappedAddress or StunAttributeType.Priority or StunAttributeType.UseCandidate);
}
