namespace OpenLive.Rtc.Ice;

/// <summary>An agent's ICE role (RFC 8445 §6.1.1): the controlling agent nominates the pair both will use.</summary>
public enum IceRole
{
    /// <summary>Nominates (the offerer, and always the full agent facing an ICE-lite peer).</summary>
    Controlling,

    /// <summary>Follows the peer's nomination.</summary>
    Controlled,
}
