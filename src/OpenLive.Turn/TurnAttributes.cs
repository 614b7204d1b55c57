using System.Buffers.Binary;
using OpenLive.Rtc.Stun;

namespace OpenLive.Turn;

/// <summary>
/// The TURN attributes of a parsed STUN message (RFC 8656 §18, RFC 8489 §14), read in place: offsets into the
/// message, never copies; reading never throws. Like <see cref="StunMessage"/>, only the first of repeated attributes
/// counts (except XOR-PEER-ADDRESS, which CreatePermission may repeat: see <see cref="PeerCount"/>) and attributes after
/// MESSAGE-INTEGRITY are ignored. A known attribute with a value of the wrong size sets <see cref="Malformed"/> (400).
/// </summary>
internal ref struct TurnAttributes
{
    /// <summary>REQUESTED-TRANSPORT's protocol number for UDP.</summary>
    public const byte UdpProtocol = 17;

    private ReadOnlySpan<byte> realm;
    private ReadOnlySpan<byte> nonce;
    private ReadOnlySpan<byte> data;
    private ReadOnlySpan<byte> firstPeer;

    /// <summary>REALM's bytes; empty when absent.</summary>
    public readonly ReadOnlySpan<byte> Realm => realm;

    /// <summary>True when REALM is present.</summary>
    public bool HasRealm { get; private set; }

    /// <summary>NONCE's bytes; empty when absent.</summary>
    public readonly ReadOnlySpan<byte> Nonce => nonce;

    /// <summary>True when NONCE is present.</summary>
    public bool HasNonce { get; private set; }

    /// <summary>DATA's bytes.</summary>
    public readonly ReadOnlySpan<byte> Data => data;

    /// <summary>True when DATA is present.</summary>
    public bool HasData { get; private set; }

    /// <summary>The first XOR-PEER-ADDRESS value; empty when absent.</summary>
    public readonly ReadOnlySpan<byte> FirstPeer => firstPeer;

    /// <summary>How many XOR-PEER-ADDRESS attributes there are.</summary>
    public int PeerCount { get; private set; }

    /// <summary>LIFETIME in seconds, or null.</summary>
    public uint? Lifetime { get; private set; }

    /// <summary>REQUESTED-TRANSPORT's protocol, or null.</summary>
    public byte? RequestedTransport { get; private set; }

    /// <summary>REQUESTED-ADDRESS-FAMILY (1 IPv4, 2 IPv6), or null.</summary>
    public byte? RequestedAddressFamily { get; private set; }

    /// <summary>CHANNEL-NUMBER, or null.</summary>
    public ushort? ChannelNumber { get; private set; }

    /// <summary>A known attribute had a value of the wrong size.</summary>
    public bool Malformed { get; private set; }

    /// <summary>
    /// First comprehension-required attribute type this server does not know, or 0 (420). EVEN-PORT and
    /// RESERVATION-TOKEN count as unknown: port reservations are not offered (RFC 8656 §7.2 lets a server refuse them so).
    /// </summary>
    public ushort UnknownComprehensionRequired { get; private set; }

    /// <summary>Reads the TURN attributes of <paramref name="message"/>.</summary>
    public static TurnAttributes Read(scoped in StunMessage message)
    {
        var result = default(TurnAttributes);
        var bytes = message.Bytes;
        var attributes = new StunAttributeEnumerator(bytes[StunHeader.Length..]);
        var end = message.HasMessageIntegrity ? message.MessageIntegrityOffset - StunHeader.Length : int.MaxValue;
        while (attributes.MoveNext() && attributes.Offset < end)
        {
            // Slice the message (not the enumerator's value) so the spans outlive the enumerator.
            var value = bytes.Slice(StunHeader.Length + attributes.Offset + 4, attributes.Value.Length);
            result.Take(attributes.Type, value);
        }

        return result;
    }

    /// <summary>Reads every IPv4 XOR-PEER-ADDRESS (before MESSAGE-INTEGRITY) into <paramref name="peers"/>; <paramref name="worst"/> says if any was IPv6 or malformed.</summary>
    public static int ForEachPeer(scoped in StunMessage message, Span<PeerKey> peers, out PeerRead worst)
    {
        worst = PeerRead.Ok;
        var count = 0;
        var bytes = message.Bytes;
        var attributes = new StunAttributeEnumerator(bytes[StunHeader.Length..]);
        var end = message.HasMessageIntegrity ? message.MessageIntegrityOffset - StunHeader.Length : int.MaxValue;
        while (attributes.MoveNext() && attributes.Offset < end)
        {
            if (attributes.Type != StunAttributeType.XorPeerAddress)
            {
                continue;
            }

            var read = PeerKey.TryReadXor(attributes.Value, out var peer);
            if (read != PeerRead.Ok)
            {
                worst = read == PeerRead.Malformed || worst == PeerRead.Malformed ? PeerRead.Malformed : read;
                continue;
            }

            if (count < peers.Length)
            {
                peers[count++] = peer;
            }
        }

        return count;
    }

    private void Take(StunAttributeType type, ReadOnlySpan<byte> value)
    {
        switch (type)
        {
            case StunAttributeType.Realm when !HasRealm:
                HasRealm = true;
                realm = value;
                Malformed |= value.Length > 763;
                break;
            case StunAttributeType.Nonce when !HasNonce:
                HasNonce = true;
                nonce = value;
                Malformed |= value.Length > 763;
                break;
            case StunAttributeType.Data when !HasData:
                HasData = true;
                data = value;
                break;
            case StunAttributeType.XorPeerAddress:
                if (PeerCount++ == 0)
                {
                    firstPeer = value;
                }

                break;
            case StunAttributeType.Lifetime when Lifetime is null:
                Malformed |= value.Length != 4;
                Lifetime = value.Length == 4 ? BinaryPrimitives.ReadUInt32BigEndian(value) : null;
                break;
            case StunAttributeType.RequestedTransport when RequestedTransport is null:
                // Protocol, then 24 reserved bits (RFC 8656 §18.8).
                Malformed |= value.Length != 4;
                RequestedTransport = value.Length == 4 ? value[0] : null;
                break;
            case StunAttributeType.RequestedAddressFamily when RequestedAddressFamily is null:
                Malformed |= value.Length != 4 || value[0] is not (1 or 2);
                RequestedAddressFamily = value.Length == 4 ? value[0] : null;
                break;
            case StunAttributeType.ChannelNumber when ChannelNumber is null:
                // Number, then 16 reserved bits (RFC 8656 §18.1).
                Malformed |= value.Length != 4;
                ChannelNumber = value.Length == 4 ? BinaryPrimitives.ReadUInt16BigEndian(value) : null;
                break;
            case StunAttributeType.DontFragment:
                // Relayed datagrams are small media packets; honouring DF is optional (RFC 8656 §7.2) and ignored here.
                break;
            default:
                if ((ushort)type < 0x8000 && UnknownComprehensionRequired == 0 && !IsKnownStun(type))
                {
                    UnknownComprehensionRequired = (ushort)type;
                }

                break;
        }
    }

    private static bool IsKnownStun(StunAttributeType type) => type is StunAttributeType.MappedAddress or StunAttributeType.Username
        or StunAttributeType.MessageIntegrity or StunAttributeType.ErrorCode or StunAttributeType.UnknownAttributes
        or StunAttributeType.XorMappedAddress or StunAttributeType.Realm or StunAttributeType.Nonce
        or StunAttributeType.Data or StunAttributeType.XorPeerAddress or StunAttributeType.Lifetime
        or StunAttributeType.RequestedTransport or StunAttributeType.RequestedAddressFamily
        or StunAttributeType.ChannelNumber or StunAttributeType.DontFragment;
}
