using System.Net;
using System.Net.Sockets;

namespace OpenLive.Rtc.Transport;

/// <summary>
/// What both endpoints do with the <see cref="SocketAddress"/> a <see cref="UdpSocketLoop"/> reuses for every datagram:
/// keep a copy of it (where media or DTLS goes from now on), and turn it into an <see cref="IPEndPoint"/> for the rare
/// paths that need one (STUN, ICE). Both allocate, so callers cache the results per peer address.
/// </summary>
public static class SocketAddresses
{
    private static readonly IPEndPoint AnyV4 = new(IPAddress.Any, 0);
    private static readonly IPEndPoint AnyV6 = new(IPAddress.IPv6Any, 0);

    /// <summary>A copy of <paramref name="address"/> that outlives the loop's reuse of it.</summary>
    public static SocketAddress Copy(SocketAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var copy = new SocketAddress(address.Family, address.Size);
        address.Buffer.Span.CopyTo(copy.Buffer.Span);
        return copy;
    }

    /// <summary>
    /// <paramref name="address"/> as an IP endpoint (IPv4 or IPv6, as its family says). A v4-mapped IPv6 source (an
    /// IPv4 peer on a dual-stack socket) becomes the IPv4 endpoint it is: that is the address the peer knows itself
    /// by, so STUN's XOR-MAPPED-ADDRESS and ICE's candidate matching see the same family as the peer's SDP.
    /// </summary>
    public static IPEndPoint ToIPEndPoint(SocketAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var template = address.Family == AddressFamily.InterNetworkV6 ? AnyV6 : AnyV4;
        var endpoint = (IPEndPoint)template.Create(address);
        return endpoint.Address.IsIPv4MappedToIPv6 ? new IPEndPoint(endpoint.Address.MapToIPv4(), endpoint.Port) : endpoint;
    }
}
