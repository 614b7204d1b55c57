namespace OpenLive.Rtc.Stun;

/// <summary>
/// The 12-bit method of a STUN message type (RFC 8489 §18.2). ICE uses only Binding, the embedded TURN server the RFC 8656 methods; any other value parses
/// (so a request can be refused) but has no name here.
/// </summary>
internal enum StunMethod : ushort
{
    /// <summary>0x001 Binding: connectivity checks, consent checks and keepalives (RFC 8445, RFC 7675).</summary>
    Binding = 0x001,

    /// <summary>0x003 Allocate: a TURN client asks for a relayed transport address (RFC 8656 §7).</summary>
    Allocate = 0x003,

    /// <summary>0x004 Refresh: a TURN client extends or deletes its allocation (RFC 8656 §8).</summary>
    Refresh = 0x004,

    /// <summary>0x006 Send: a TURN client's data for a peer, as an indication (RFC 8656 §11).</summary>
    Send = 0x006,

    /// <summary>0x007 Data: a peer's data relayed to the TURN client, as an indication (RFC 8656 §11).</summary>
    Data = 0x007,

    /// <summary>0x008 CreatePermission: lets a peer's address through the relay (RFC 8656 §10).</summary>
    CreatePermission = 0x008,

    /// <summary>0x009 ChannelBind: binds a peer to a 4-byte ChannelData header (RFC 8656 §12).</summary>
    ChannelBind = 0x009,
}
