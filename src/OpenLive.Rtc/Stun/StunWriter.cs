using System.Buffers.Binary;
using System.Net;

namespace OpenLive.Rtc.Stun;

/// <summary>
/// Builds a STUN message in the caller's buffer, attribute by attribute (layouts in <see cref="StunHeader"/> and
/// <see cref="StunAttributeEnumerator"/>); nothing is allocated. The header's length field is kept current after
/// every attribute, so the buffer always holds a well-formed message and MESSAGE-INTEGRITY and FINGERPRINT can
/// be taken over it as written. Padding is zeros. Add MESSAGE-INTEGRITY, then FINGERPRINT, last.
/// <para>
/// A buffer too small for an attribute is the caller's bug, not the network's: it throws
/// <see cref="ArgumentException"/>. ICE messages fit in <see cref="MaxIceMessageLength"/> bytes.
/// </para>
/// </summary>
internal ref struct StunWriter
{
    /// <summary>
    /// Upper bound of anything ICE writes: header, USERNAME of two 256-char ufrags, PRIORITY, ICE-CONTROLLING,
    /// USE-CANDIDATE, XOR-MAPPED-ADDRESS (IPv6), ERROR-CODE, UNKNOWN-ATTRIBUTES (8), MESSAGE-INTEGRITY, FINGERPRINT.
    /// </summary>
    public const int MaxIceMessageLength = StunHeader.Length + (4 + 516) + 8 + 12 + 4 + 24 + (4 + 4 + 20) + (4 + 16) + 24 + 8;

    private readonly Span<byte> buffer;

    /// <summary>Starts a message with an empty attribute list.</summary>
    public StunWriter(Span<byte> buffer, StunClass messageClass, StunMethod method, in StunTransactionId transactionId)
    {
        if (buffer.Length < StunHeader.Length)
        {
            throw new ArgumentException("The buffer cannot hold a STUN header.", nameof(buffer));
        }

        this.buffer = buffer;
        StunHeader.Write(buffer, messageClass, method, transactionId);
        Length = StunHeader.Length;
    }

    /// <summary>Bytes written so far: the message is <c>buffer[..Length]</c>.</summary>
    public int Length { get; private set; }

    /// <summary>The message written so far.</summary>
    public readonly ReadOnlySpan<byte> Written => buffer[..Length];

    /// <summary>USERNAME as <c>first:second</c>, from UTF-8 parts (for ICE: receiver's ufrag, then sender's).</summary>
    public void AddUsername(scoped ReadOnlySpan<byte> first, scoped ReadOnlySpan<byte> second)
    {
        var value = Begin(StunAttributeType.Username, first.Length + 1 + second.Length);
        first.CopyTo(value);
        value[first.Length] = (byte)':';
        second.CopyTo(value[(first.Length + 1)..]);
    }

    /// <summary>PRIORITY (RFC 8445 §7.1.1).</summary>
    public void AddPriority(uint priority) => BinaryPrimitives.WriteUInt32BigEndian(Begin(StunAttributeType.Priority, 4), priority);

    /// <summary>ICE-CONTROLLING with the sender's tiebreaker (RFC 8445 §7.1.3).</summary>
    public void AddIceControlling(ulong tiebreaker) => BinaryPrimitives.WriteUInt64BigEndian(Begin(StunAttributeType.IceControlling, 8), tiebreaker);

    /// <summary>ICE-CONTROLLED with the sender's tiebreaker (RFC 8445 §7.1.3).</summary>
    public void AddIceControlled(ulong tiebreaker) => BinaryPrimitives.WriteUInt64BigEndian(Begin(StunAttributeType.IceControlled, 8), tiebreaker);

    /// <summary>USE-CANDIDATE (RFC 8445 §7.1.2).</summary>
    public void AddUseCandidate() => Begin(StunAttributeType.UseCandidate, 0);

    /// <summary>XOR-MAPPED-ADDRESS of <paramref name="endpoint"/> (RFC 8489 §14.2).</summary>
    public void AddXorMappedAddress(IPEndPoint endpoint) => AddAddress(StunAttributeType.XorMappedAddress, endpoint, xor: true);

    /// <summary>An XOR-encoded address attribute of another type (TURN's XOR-RELAYED-ADDRESS, XOR-PEER-ADDRESS).</summary>
    public void AddXorAddress(StunAttributeType type, IPEndPoint endpoint) => AddAddress(type, endpoint, xor: true);

    /// <summary>MAPPED-ADDRESS of <paramref name="endpoint"/> (RFC 8489 §14.1).</summary>
    public void AddMappedAddress(IPEndPoint endpoint) => AddAddress(StunAttributeType.MappedAddress, endpoint, xor: false);

    /// <summary>ERROR-CODE with the reason phrase we use for <paramref name="code"/>.</summary>
    public void AddErrorCode(int code) => AddErrorCode(code, StunErrorCode.Reason(code));

    /// <summary>ERROR-CODE with a given UTF-8 reason phrase (at most 763 bytes).</summary>
    public void AddErrorCode(int code, scoped ReadOnlySpan<byte> reason)
    {
        if (code is < 300 or > 699 || reason.Length > StunErrorCode.MaxReasonLength)
        {
            throw new ArgumentOutOfRangeException(nameof(code), "ERROR-CODE is 300..699 with a reason of at most 763 bytes.");
        }

        StunErrorCode.Write(Begin(StunAttributeType.ErrorCode, 4 + reason.Length), code, reason);
    }

    /// <summary>UNKNOWN-ATTRIBUTES listing <paramref name="types"/> (RFC 8489 §14.9).</summary>
    public void AddUnknownAttributes(scoped ReadOnlySpan<ushort> types)
    {
        var value = Begin(StunAttributeType.UnknownAttributes, 2 * types.Length);
        for (var i = 0; i < types.Length; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(value[(2 * i)..], types[i]);
        }
    }

    /// <summary>Any attribute, value as given.</summary>
    public void AddAttribute(StunAttributeType type, scoped ReadOnlySpan<byte> value) => value.CopyTo(Begin(type, value.Length));

    /// <summary>MESSAGE-INTEGRITY made with <paramref name="key"/> over everything written so far (RFC 8489 §14.5).</summary>
    public void AddMessageIntegrity(StunIntegrityKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var preceding = Length;
        var value = Begin(StunAttributeType.MessageIntegrity, StunIntegrityKey.MacLength);
        key.Compute(buffer[..preceding], value);
    }

    /// <summary>FINGERPRINT over everything written so far (RFC 8489 §14.7); must be the last attribute.</summary>
    public void AddFingerprint()
    {
        var preceding = Length;
        var value = Begin(StunAttributeType.Fingerprint, 4);
        BinaryPrimitives.WriteUInt32BigEndian(value, StunFingerprint.Compute(buffer[..preceding]));
    }

    private void AddAddress(StunAttributeType type, IPEndPoint endpoint, bool xor)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        StunAddress.Write(Begin(type, StunAddress.ValueLength(endpoint.Address)), endpoint, xor, buffer);
    }

    /// <summary>
    /// Writes an attribute header and zero padding, grows the header's length to cover the attribute, and hands back
    /// the value's bytes to fill in.
    /// </summary>
    private Span<byte> Begin(StunAttributeType type, int valueLength)
    {
        var padded = (valueLength + 3) & ~3;
        var end = Length + 4 + padded;
        if (valueLength > ushort.MaxValue || end > buffer.Length || end > StunHeader.MaxMessageLength)
        {
            throw new ArgumentException("The buffer cannot hold the attribute.", nameof(valueLength));
        }

        var attribute = buffer[Length..end];
        BinaryPrimitives.WriteUInt16BigEndian(attribute, (ushort)type);
        BinaryPrimitives.WriteUInt16BigEndian(attribute[2..], (ushort)valueLength);
        attribute[(4 + valueLength)..].Clear();
        Length = end;
        BinaryPrimitives.WriteUInt16BigEndian(buffer[2..], (ushort)(end - StunHeader.Length));
        return attribute.Slice(4, valueLength);
    }
}
