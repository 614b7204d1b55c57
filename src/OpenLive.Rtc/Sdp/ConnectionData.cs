using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;

namespace OpenLive.Rtc.Sdp;

/// <summary>
/// A c= line, or the address part of <c>a=rtcp</c> (RFC 8866 §5.7).
/// <code>
/// c=&lt;nettype&gt; &lt;addrtype&gt; &lt;connection-address&gt;
/// c=IN IP4 0.0.0.0
/// </code>
/// </summary>
/// <param name="NetworkType">Always <c>IN</c> in practice.</param>
/// <param name="AddressType"><c>IP4</c> or <c>IP6</c>.</param>
/// <param name="Address">The address (for multicast possibly with <c>/ttl</c>); kept as written.</param>
public sealed record ConnectionData(string NetworkType, string AddressType, string Address)
{
    /// <summary><c>IN IP4 0.0.0.0</c>: the placeholder WebRTC puts in every m= section (RFC 8829 §5.2.1).</summary>
    public static ConnectionData Unspecified { get; } = new("IN", "IP4", "0.0.0.0");

    /// <summary>The connection data for an IP address (<c>IP4</c> or <c>IP6</c> from its family).</summary>
    public static ConnectionData FromAddress(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return new("IN", address.AddressFamily == AddressFamily.InterNetworkV6 ? "IP6" : "IP4", address.ToString());
    }

    internal static bool TryParse(ReadOnlySpan<char> value, [NotNullWhen(true)] out ConnectionData? connection)
    {
        var fields = new SdpFields(value);
        if (fields.TryNext(out var netType) && fields.TryNext(out var addrType) && fields.TryNext(out var address) && fields.IsEmpty)
        {
            connection = new ConnectionData(netType.ToString(), addrType.ToString(), address.ToString());
            return true;
        }

        connection = null;
        return false;
    }

    internal SdpTextWriter Write(SdpTextWriter writer) =>
        writer.Text(NetworkType).Space().Text(AddressType).Space().Text(Address);
}
