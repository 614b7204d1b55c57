namespace OpenLive.Rtc.Stun;

/// <summary>
/// STUN attribute types this stack reads or writes (RFC 8489 §18.3, RFC 8445 §16.1, RFC 8656 §18). Types below 0x8000 are
/// comprehension-required: a request carrying one we do not know is refused with 420 (RFC 8489 §6.3.1).
/// </summary>
internal enum StunAttributeType : ushort
{
    /// <summary>MAPPED-ADDRESS (RFC 8489 §14.1): the reflexive address, not obfuscated (pre-RFC 5389 servers).</summary>
    MappedAddress = 0x0001,

    /// <summary>USERNAME (RFC 8489 §14.3): for ICE "receiverUfrag:senderUfrag" (RFC 8445 §7.2.2).</summary>
    Username = 0x0006,

    /// <summary>MESSAGE-INTEGRITY (RFC 8489 §14.5): HMAC-SHA1 over the message up to this attribute.</summary>
    MessageIntegrity = 0x0008,

    /// <summary>ERROR-CODE (RFC 8489 §14.8).</summary>
    ErrorCode = 0x0009,

    /// <summary>UNKNOWN-ATTRIBUTES (RFC 8489 §14.9): the comprehension-required types a 420 response refuses.</summary>
    UnknownAttributes = 0x000A,

    /// <summary>CHANNEL-NUMBER (RFC 8656 §18.1): 0x4000..0x4FFF, then 16 reserved bits.</summary>
    ChannelNumber = 0x000C,

    /// <summary>LIFETIME (RFC 8656 §18.2): seconds until the allocation expires.</summary>
    Lifetime = 0x000D,

    /// <summary>XOR-PEER-ADDRESS (RFC 8656 §18.3): a peer's address, encoded as XOR-MAPPED-ADDRESS.</summary>
    XorPeerAddress = 0x0012,

    /// <summary>DATA (RFC 8656 §18.4): the application data of a Send or Data indication.</summary>
    Data = 0x0013,

    /// <summary>REALM (RFC 8489 §14.9): the long-term credential realm.</summary>
    Realm = 0x0014,

    /// <summary>NONCE (RFC 8489 §14.10): the server's nonce for long-term credentials.</summary>
    Nonce = 0x0015,

    /// <summary>XOR-RELAYED-ADDRESS (RFC 8656 §18.5): the allocation's relayed transport address.</summary>
    XorRelayedAddress = 0x0016,

    /// <summary>REQUESTED-ADDRESS-FAMILY (RFC 8656 §18.6): IPv4 (0x01) or IPv6 (0x02) for the relayed address.</summary>
    RequestedAddressFamily = 0x0017,

    /// <summary>EVEN-PORT (RFC 8656 §18.7): asks for an even relay port (and maybe reserving the next).</summary>
    EvenPort = 0x0018,

    /// <summary>REQUESTED-TRANSPORT (RFC 8656 §18.8): the relay's protocol number (17 = UDP).</summary>
    RequestedTransport = 0x0019,

    /// <summary>DONT-FRAGMENT (RFC 8656 §18.9): asks for the DF bit on relayed packets (no value).</summary>
    DontFragment = 0x001A,

    /// <summary>RESERVATION-TOKEN (RFC 8656 §18.10): claims a port an earlier EVEN-PORT reserved.</summary>
    ReservationToken = 0x0022,

    /// <summary>XOR-MAPPED-ADDRESS (RFC 8489 §14.2): the reflexive address, XORed with the cookie and transaction id.</summary>
    XorMappedAddress = 0x0020,

    /// <summary>PRIORITY (RFC 8445 §7.1.1): the priority a peer-reflexive candidate learned from this check would get.</summary>
    Priority = 0x0024,

    /// <summary>USE-CANDIDATE (RFC 8445 §7.1.2): the controlling agent nominates the pair (no value).</summary>
    UseCandidate = 0x0025,

    /// <summary>SOFTWARE (RFC 8489 §14.14): free-text agent name; read past, never needed.</summary>
    Software = 0x8022,

    /// <summary>FINGERPRINT (RFC 8489 §14.7): CRC-32 of the message XOR 0x5354554E; always the last attribute.</summary>
    Fingerprint = 0x8028,

    /// <summary>ICE-CONTROLLED (RFC 8445 §7.1.3): the sender is controlled; the value is its 64-bit tiebreaker.</summary>
    IceControlled = 0x8029,

    /// <summary>ICE-CONTROLLING (RFC 8445 §7.1.3): the sender is controlling; the value is its 64-bit tiebreaker.</summary>
    IceControlling = 0x802A,
}
