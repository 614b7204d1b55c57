using System.Net;
using System.Net.Sockets;

namespace OpenLive.Sdk.Media;

/// <summary>
/// Chooses the address a room's media connections bind. It is also their only ICE candidate (no STUN here), so it must
/// be one the server's SFU can send to: loopback works only for a server on this machine, and a wildcard is no
/// address at all. Without a configured address, the route the operating system would take to the server decides.
/// </summary>
internal static class MediaAddressChooser
{
    /// <summary>
    /// <paramref name="configured"/> when set; else loopback for a loopback (or unresolvable, or unroutable) server
    /// host; else the source address of the route to the server's host.
    /// </summary>
    public static async Task<IPAddress> ChooseAsync(IPAddress? configured, Uri serverUrl, CancellationToken cancellationToken)
    {
        if (configured is not null)
        {
            return configured;
        }

        foreach (var remote in await ResolveAsync(serverUrl, cancellationToken).ConfigureAwait(false))
        {
            if (IPAddress.IsLoopback(remote))
            {
                // The SFU on this machine listens on IPv4 loopback by default; ::1 as a server name means the same machine.
                return IPAddress.Loopback;
            }

            if (RouteSource(remote, serverUrl.Port) is { } source)
            {
                return source;
            }
        }

        return IPAddress.Loopback;
    }

    /// <summary>
    /// The local address the system would send from to reach <paramref name="remote"/>: connecting a UDP socket only
    /// selects a route and a source address (no packet is sent). Null when there is no route.
    /// </summary>
    internal static IPAddress? RouteSource(IPAddress remote, int port)
    {
        try
        {
            using var probe = new Socket(remote.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            probe.Connect(new IPEndPoint(remote, port is > 0 and <= IPEndPoint.MaxPort ? port : 9));
            return probe.LocalEndPoint is IPEndPoint { Address: var address } && !address.Equals(IPAddress.Any) && !address.Equals(IPAddress.IPv6Any)
                ? address
                : null;
        }
        catch (SocketException)
        {
            return null; // no route (a network unreachable), or the family is not supported here
        }
    }

    /// <summary>The server host's addresses, IPv4 first (the SFU's candidates are IPv4 by default); none when it cannot be resolved.</summary>
    private static async Task<IPAddress[]> ResolveAsync(Uri serverUrl, CancellationToken cancellationToken)
    {
        var host = serverUrl.IdnHost.Trim('[', ']');
        if (IPAddress.TryParse(host, out var literal))
        {
            return [literal];
        }

        try
        {
            var addresses = await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
            return [.. addresses.OrderBy(a => a.AddressFamily == AddressFamily.InterNetwork ? 0 : 1)];
        }
        catch (SocketException)
        {
            return [];
        }
    }
}
