namespace OpenLive.Rtc.Stun;

/// <summary>The two class bits of a STUN message type (RFC 8489 §5).</summary>
internal enum StunClass : byte
{
    /// <summary>C1 C0 = 00: a request, answered by a success or error response.</summary>
    Request = 0b00,

    /// <summary>C1 C0 = 01: an indication, never answered (ICE keepalives).</summary>
    Indication = 0b01,

    /// <summary>C1 C0 = 10: a success response.</summary>
    SuccessResponse = 0b10,

    /// <summary>C1 C0 = 11: an error response (carries ERROR-CODE).</summary>
    ErrorResponse = 0b11,
}
