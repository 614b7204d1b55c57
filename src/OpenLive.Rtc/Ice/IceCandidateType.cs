namespace OpenLive.Rtc.Ice;

/// <summary>How a candidate's address was obtained (RFC 8445 §5.1.1), with its SDP token (RFC 8839 §5.1).</summary>
public enum IceCandidateType
{
    /// <summary><c>host</c>: an address of a local interface.</summary>
    Host,

    /// <summary><c>srflx</c>: the address a NAT gave us, learned from a STUN server.</summary>
    ServerReflexive,

    /// <summary><c>prflx</c>: an address learned from a connectivity check (RFC 8445 §7.2.5.3.1, §7.3.1.3).</summary>
    PeerReflexive,

    /// <summary><c>relay</c>: an address on a TURN server.</summary>
    Relayed,
}
