namespace OpenLive.Turn;

/// <summary>What reading a peer address found.</summary>
internal enum PeerRead
{
    /// <summary>An IPv4 peer.</summary>
    Ok,

    /// <summary>A well-formed IPv6 peer: the relay is IPv4 (443 Peer Address Family Mismatch).</summary>
    Ipv6,

    /// <summary>Not an address value (400 Bad Request).</summary>
    Malformed,
}
