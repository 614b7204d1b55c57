using System.Net;
using System.Net.Sockets;

namespace OpenLive.Turn;

/// <summary>
/// Where the relay may send: only this node's own media endpoints (the SFU's UDP port on its addresses), as LiveKit's
/// embedded TURN does. An open relay lets anyone with credentials bounce traffic at any address through this server —
/// to hosts behind its firewall, to its loopback, or as a DoS reflector — and the only peer a client of OpenLive ever
/// needs is the SFU. Permissions are checked by IP (RFC 8656 §9); channels and Send indications by the whole endpoint.
/// Built once; read concurrently without locks.
/// </summary>
internal sealed class RelayPolicy
{
    private readonly Dictionary<PeerKey, SocketAddress> endpoints = [];
    private readonly HashSet<uint> addresses = [];

    public RelayPolicy(IEnumerable<IPEndPoint> mediaEndpoints)
    {
        ArgumentNullException.ThrowIfNull(mediaEndpoints);
        foreach (var endpoint in mediaEndpoints)
        {
            if (PeerKey.TryFrom(endpoint, out var key) && key.Address != 0)
            {
                endpoints[key] = key.ToEndPoint().Serialize();
                addresses.Add(key.Address);
            }
        }
    }

    /// <summary>The endpoints allowed, for logs and docs.</summary>
    public IEnumerable<IPEndPoint> Endpoints => endpoints.Keys.Select(k => k.ToEndPoint());

    /// <summary>True when a permission for this peer IP may be installed.</summary>
    public bool AllowsAddress(uint address) => addresses.Contains(address);

    /// <summary>The socket address to send to when <paramref name="peer"/> is allowed (shared, read-only for sends).</summary>
    public bool TryGetEndpoint(PeerKey peer, out SocketAddress? address) => endpoints.TryGetValue(peer, out address);
}
