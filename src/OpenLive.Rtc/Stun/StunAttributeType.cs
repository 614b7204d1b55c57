namespace OpenLive.Rtc.Stun;

/// <summary>
/// STUN attribute types this stack reads or writes (RFC 8489 §18.3, RFC 8445 §16.1). Types below 0x8000 are
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
