namespace OpenLive.Rtc.Stun;

/// <summary>
/// The 12-bit method of a STUN message type (RFC 8489 §18.2). ICE uses only Binding; any other value parses
/// (so a request can be refused) but has no name here.
/// </summary>
internal enum StunMethod : ushort
{
    /// <summary>0x001 Binding: connectivity checks, consent checks and keepalives (RFC 8445, RFC 7675).</summary>
    Binding = 0x001,
}
