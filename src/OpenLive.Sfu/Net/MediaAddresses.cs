using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace OpenLive.Sfu.Net;

/// <summary>One unicast address of a network interface, as address discovery sees it.</summary>
/// <param name="Interface">The interface's name (eth0, veth-a, lo).</param>
/// <param name="IsUp">The interface passes traffic (Linux reports "unknown" for interfaces without carrier state, such as tun devices: those count as up).</param>
/// <param name="IsLoopback">A loopback interface or address.</param>
/// <param name="Address">The address.</param>
public readonly record struct InterfaceAddress(string Interface, bool IsUp, bool IsLoopback, IPAddress Address);

/// <summary>
/// Which addresses the SFU tells clients to send media to (its ICE host candidates), from the addresses its UDP
/// sockets are bound to (one socket per configured address), the operator's announced (public) addresses, and the
/// machine's interfaces:
/// <list type="bullet">
/// <item>Announced addresses (1:1 NAT: LiveKit's <c>node_ip</c>, mediasoup's <c>announcedAddress</c>) replace everything
/// else: behind such a NAT the private addresses reach nobody outside (clients inside need the router to hairpin).</item>
/// <item>A socket bound to one address announces that address; several sockets announce one candidate each (IPv4
/// first, then in the configured order), and nothing else: an address the node does not bind is never announced.</item>
/// <item>A socket bound to all interfaces (0.0.0.0, or [::] dual-stack: IPv4 and IPv6) announces one host candidate per
/// usable interface address of those families, IPv4 first (the first is the SDP's c= line, and IPv4 pairs are the ones
/// every client has): interfaces that are up, not loopback, not link-local (fe80::/10 and 169.254/16 need a scope or
/// reach only the link). A machine with no such address announces loopback, so it still serves itself.</item>
/// </list>
/// </summary>
public static class MediaAddresses
{
    /// <summary>Every unicast address of every interface (allocates; called once at start).</summary>
    public static IReadOnlyList<InterfaceAddress> Discover()
    {
        var found = new List<InterfaceAddress>();
        foreach (var network in NetworkInterface.GetAllNetworkInterfaces())
        {
            var up = network.OperationalStatus is OperationalStatus.Up or OperationalStatus.Unknown;
            var loopbackInterface = network.NetworkInterfaceType == NetworkInterfaceType.Loopback;
            foreach (var unicast in network.GetIPProperties().UnicastAddresses)
            {
                var address = unicast.Address;
                found.Add(new InterfaceAddress(network.Name, up, loopbackInterface || IPAddress.IsLoopback(address), address));
            }
        }

        return found;
    }

    /// <summary>True for 0.0.0.0 and [::] (every interface).</summary>
    public static bool IsWildcard(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any);
    }

    /// <summary>
    /// The host candidates to announce for a socket bound at <paramref name="bound"/> (its actual port): see the class
    /// remarks. <paramref name="announced"/> are the operator's public addresses (may be empty).
    /// </summary>
    public static IReadOnlyList<IPEndPoint> Candidates(IPEndPoint bound, IReadOnlyList<IPAddress> announced, IReadOnlyList<InterfaceAddress> interfaces)
    {
        ArgumentNullException.ThrowIfNull(bound);
        return Candidates([bound], announced, interfaces);
    }

    /// <summary>
    /// The host candidates to announce for sockets bound at <paramref name="bound"/> (their actual ports): see the
    /// class remarks. A wildcard stands alone (the options refuse it beside other addresses).
    /// </summary>
    public static IReadOnlyList<IPEndPoint> Candidates(IReadOnlyList<IPEndPoint> bound, IReadOnlyList<IPAddress> announced, IReadOnlyList<InterfaceAddress> interfaces)
    {
        ArgumentNullException.ThrowIfNull(bound);
        ArgumentOutOfRangeException.ThrowIfZero(bound.Count, nameof(bound));
        if (bound.Count == 1)
        {
            return SingleSocketCandidates(bound[0], announced, interfaces);
        }

        ArgumentNullException.ThrowIfNull(announced);
        if (announced.Count > 0)
        {
            return Distinct(announced, bound[0].Port);
        }

        var endpoints = new List<IPEndPoint>(bound.Count);
        foreach (var endpoint in bound.OrderBy(b => b.AddressFamily == AddressFamily.InterNetwork ? 0 : 1))
        {
            if (!endpoints.Contains(endpoint))
            {
                endpoints.Add(endpoint);
            }
        }

        return endpoints;
    }

    private static List<IPEndPoint> SingleSocketCandidates(IPEndPoint bound, IReadOnlyList<IPAddress> announced, IReadOnlyList<InterfaceAddress> interfaces)
    {
        ArgumentNullException.ThrowIfNull(bound);
        ArgumentNullException.ThrowIfNull(announced);
        ArgumentNullException.ThrowIfNull(interfaces);
        if (announced.Count > 0)
        {
            return Distinct(announced, bound.Port);
        }

        if (!IsWildcard(bound.Address))
        {
            return [new IPEndPoint(bound.Address, bound.Port)];
        }

        // [::] is bound dual-stack (the media loop sets IPV6_V6ONLY off): IPv4 and IPv6; 0.0.0.0 is IPv4 only.
        var withIPv6 = bound.AddressFamily == AddressFamily.InterNetworkV6;
        var usable = interfaces.Where(a => a.IsUp && !a.IsLoopback && IsRoutable(a.Address, withIPv6)).Select(a => a.Address).ToList();
        if (usable.Count == 0)
        {
            usable.Add(IPAddress.Loopback);
            if (withIPv6)
            {
                usable.Add(IPAddress.IPv6Loopback);
            }
        }

        // IPv4 first (stable sort: interface order within a family).
        return Distinct([.. usable.OrderBy(a => a.AddressFamily == AddressFamily.InterNetwork ? 0 : 1)], bound.Port);
    }

    /// <summary>
    /// Says what a bound socket listens on, for the banner and the log: "[::]:7882 (all interfaces, IPv4 and IPv6)",
    /// "0.0.0.0:7882 (all IPv4 interfaces)", "127.0.0.1:7882 (loopback only)" or "10.0.0.5:7882".
    /// </summary>
    public static string Describe(IReadOnlyList<IPEndPoint> bound)
    {
        ArgumentNullException.ThrowIfNull(bound);
        return string.Join(", ", bound.Select(Describe));
    }

    /// <summary>What one bound socket listens on (see the list form).</summary>
    public static string Describe(IPEndPoint bound)
    {
        ArgumentNullException.ThrowIfNull(bound);
        if (bound.Address.Equals(IPAddress.IPv6Any))
        {
            return $"{bound} (all interfaces, IPv4 and IPv6)";
        }

        if (bound.Address.Equals(IPAddress.Any))
        {
            return $"{bound} (all IPv4 interfaces)";
        }

        return IPAddress.IsLoopback(bound.Address) ? $"{bound} (loopback only)" : bound.ToString();
    }

    /// <summary>
    /// Parses a configured address: an IP literal, optionally in brackets ([2001:db8::1]). Null when it is not one,
    /// or has a zone (%eth0: a scope means nothing to a remote client).
    /// </summary>
    public static IPAddress? Parse(string? text)
    {
        var trimmed = text?.Trim() ?? string.Empty;
        if (trimmed.Length > 2 && trimmed[0] == '[' && trimmed[^1] == ']')
        {
            trimmed = trimmed[1..^1];
        }

        return trimmed.Contains('%', StringComparison.Ordinal) || !IPAddress.TryParse(trimmed, out var address) ? null : address;
    }

    private static bool IsRoutable(IPAddress address, bool withIPv6) => address.AddressFamily switch
    {
        AddressFamily.InterNetwork => !IsIPv4LinkLocal(address),
        AddressFamily.InterNetworkV6 => withIPv6 && !address.IsIPv6LinkLocal && !address.IsIPv6Multicast && !address.IsIPv4MappedToIPv6,
        _ => false,
    };

    private static bool IsIPv4LinkLocal(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[4];
        return address.TryWriteBytes(bytes, out _) && bytes[0] == 169 && bytes[1] == 254;
    }

    private static List<IPEndPoint> Distinct(IReadOnlyList<IPAddress> addresses, int port)
    {
        var endpoints = new List<IPEndPoint>(addresses.Count);
        foreach (var address in addresses)
        {
            var endpoint = new IPEndPoint(address, port);
            if (!endpoints.Contains(endpoint))
            {
                endpoints.Add(endpoint);
            }
        }

        return endpoints;
    }
}
