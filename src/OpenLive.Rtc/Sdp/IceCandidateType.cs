namespace OpenLive.Rtc.Sdp;

/// <summary>The <c>typ</c> of an ICE candidate (RFC 8445 §5.1.1, SDP tokens from RFC 8839 §5.1).</summary>
public enum IceCandidateType
{
    /// <summary><c>host</c>: an address of the agent's own interface (or its mDNS name).</summary>
    Host,

    /// <summary><c>srflx</c>: the address a STUN server saw.</summary>
    ServerReflexive,

    /// <summary><c>prflx</c>: an address learned from a connectivity check.</summary>
    PeerReflexive,

    /// <summary><c>relay</c>: an address on a TURN server.</summary>
    Relay,
}

/// <summary>The role of a TCP candidate (RFC 6544 §4.5).</summary>
public enum IceTcpType
{
    /// <summary><c>active</c>: opens connections, accepts none.</summary>
    Active,

    /// <summary><c>passive</c>: accepts connections, opens none.</summary>
    Passive,

    /// <summary><c>so</c>: simultaneous open.</summary>
    SimultaneousOpen,
}

/// <summary>A candidate extension this model has no field for, kept in order (RFC 8839 §5.1 <c>cand-extension</c>).</summary>
/// <param name="Name">The extension name.</param>
/// <param name="Value">Its value.</param>
public sealed record IceCandidateExtension(string Name, string Value);
