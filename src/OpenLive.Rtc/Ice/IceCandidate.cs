using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace OpenLive.Rtc.Ice;

/// <summary>
/// One ICE candidate of the single component WebRTC uses (RTP and RTCP multiplexed, everything bundled), over
/// UDP. Read from and written as the SDP <c>candidate</c> attribute (RFC 8839 §5.1):
/// <code>
/// candidate:&lt;foundation&gt; &lt;component-id&gt; udp &lt;priority&gt; &lt;connection-address&gt; &lt;port&gt; typ &lt;cand-type&gt;
///           [raddr &lt;rel-addr&gt;] [rport &lt;rel-port&gt;] *(&lt;extension-name&gt; &lt;extension-value&gt;)
/// </code>
/// </summary>
public sealed class IceCandidate
{
    /// <summary>The longest attribute text <see cref="TryParse"/> looks at; browsers write well under 300 characters.</summary>
    public const int MaxAttributeLength = 1024;

    /// <summary>A candidate; throws <see cref="ArgumentException"/> for a foundation that is not 1..32 ice-chars or a bad component.</summary>
    public IceCandidate(string foundation, int component, uint priority, IPEndPoint endpoint, IceCandidateType type, IPEndPoint? relatedEndpoint = null)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        if (!IsFoundation(foundation))
        {
            throw new ArgumentException("A foundation is 1..32 ice-chars.", nameof(foundation));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(component, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(component, 256);
        Foundation = foundation;
        Component = component;
        Priority = priority;
        Endpoint = endpoint;
        Type = type;
        RelatedEndpoint = relatedEndpoint;
    }

    /// <summary>Groups candidates of the same type, base and server (RFC 8445 §5.1.1.3); drives the frozen algorithm.</summary>
    public string Foundation { get; }

    /// <summary>Component id: 1 (RTP, with RTCP multiplexed) is the only one WebRTC uses.</summary>
    public int Component { get; }

    /// <summary>Candidate priority (RFC 8445 §5.1.2).</summary>
    public uint Priority { get; }

    /// <summary>Transport address.</summary>
    public IPEndPoint Endpoint { get; }

    /// <summary>Candidate type.</summary>
    public IceCandidateType Type { get; }

    /// <summary><c>raddr</c>/<c>rport</c>: the base of a reflexive or relayed candidate, when signaled.</summary>
    public IPEndPoint? RelatedEndpoint { get; }

    /// <summary>The SDP attribute value, <c>candidate:...</c> (no leading <c>a=</c>).</summary>
    public string ToSdpAttribute()
    {
        var text = string.Create(
            CultureInfo.InvariantCulture,
            $"candidate:{Foundation} {Component} udp {Priority} {Endpoint.Address} {Endpoint.Port} typ {TypeToken(Type)}");
        return RelatedEndpoint is null
            ? text
            : string.Create(CultureInfo.InvariantCulture, $"{text} raddr {RelatedEndpoint.Address} rport {RelatedEndpoint.Port}");
    }

    /// <inheritdoc/>
    public override string ToString() => ToSdpAttribute();

    /// <summary>
    /// Reads a candidate attribute (with or without <c>a=</c>; <c>candidate:</c> required, as in SDP and trickle).
    /// False — never an exception — for text that breaks the grammar, for transports other than UDP, for component
    /// ids above 256, and for addresses that are host names (mDNS <c>.local</c> names included: this agent does not
    /// resolve names; RFC 8445 §5.1.1 lets an agent skip candidates it cannot use).
    /// </summary>
    public static bool TryParse(string? attribute, [NotNullWhen(true)] out IceCandidate? candidate)
    {
        candidate = null;
        if (attribute is null || attribute.Length > MaxAttributeLength)
        {
            return false;
        }

        var text = attribute.AsSpan().Trim();
        if (text.StartsWith("a=", StringComparison.Ordinal))
        {
            text = text[2..];
        }

        if (!text.StartsWith("candidate:", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var fields = text["candidate:".Length..].ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 8
            || !IsFoundation(fields[0])
            || !int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var component) || component is < 1 or > 256
            || !fields[2].Equals("udp", StringComparison.OrdinalIgnoreCase)
            || !uint.TryParse(fields[3], NumberStyles.None, CultureInfo.InvariantCulture, out var priority)
            || !TryParseEndpoint(fields[4], fields[5], out var endpoint)
            || fields[6] != "typ"
            || !TryParseType(fields[7], out var type))
        {
            return false;
        }

        IPAddress? relatedAddress = null;
        var relatedPort = -1;
        for (var i = 8; i + 1 < fields.Length; i += 2)
        {
            if (fields[i] == "raddr" && IPAddress.TryParse(fields[i + 1], out var address))
            {
                relatedAddress = address;
            }
            else if (fields[i] == "rport" && int.TryParse(fields[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= IPEndPoint.MaxPort)
            {
                relatedPort = port;
            }
        }

        var related = relatedAddress is not null && relatedPort >= 0 ? new IPEndPoint(relatedAddress, relatedPort) : null;
        candidate = new IceCandidate(fields[0], component, priority, endpoint, type, related);
        return true;
    }

    private static bool TryParseEndpoint(string address, string port, [NotNullWhen(true)] out IPEndPoint? endpoint)
    {
        endpoint = null;
        // IPAddress.TryParse also takes "1" or "0x1" as IPv4; a connection address is dotted IPv4 or IPv6 (RFC 8839 §5.1).
        if ((!address.Contains('.', StringComparison.Ordinal) && !address.Contains(':', StringComparison.Ordinal))
            || !IPAddress.TryParse(address, out var ip)
            || (ip.AddressFamily != AddressFamily.InterNetwork && ip.AddressFamily != AddressFamily.InterNetworkV6)
            || !int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number > IPEndPoint.MaxPort)
        {
            return false;
        }

        endpoint = new IPEndPoint(ip, number);
        return true;
    }

    private static bool TryParseType(string token, out IceCandidateType type)
    {
        (var known, type) = token switch
        {
            "host" => (true, IceCandidateType.Host),
            "srflx" => (true, IceCandidateType.ServerReflexive),
            "prflx" => (true, IceCandidateType.PeerReflexive),
            "relay" => (true, IceCandidateType.Relayed),
            _ => (false, IceCandidateType.Host),
        };
        return known;
    }

    private static string TypeToken(IceCandidateType type) => type switch
    {
        IceCandidateType.ServerReflexive => "srflx",
        IceCandidateType.PeerReflexive => "prflx",
        IceCandidateType.Relayed => "relay",
        _ => "host",
    };

    private static bool IsFoundation(string? value) => IceCredentials.IsValid(value, 1) && value.Length <= 32;
}
