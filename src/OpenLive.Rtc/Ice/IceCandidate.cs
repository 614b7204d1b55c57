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

    /// <summary>The SDP attribute value, <c>candidate:...</c> (no leading <c>a=</c>), written by the SDP model.</summary>
    public string ToSdpAttribute() => new Sdp.IceCandidate
    {
        Foundation = Foundation,
        Component = Component,
        Transport = "udp",
        Priority = Priority,
        Address = Endpoint.Address.ToString(),
        Port = Endpoint.Port,
        Type = Type switch
        {
            IceCandidateType.ServerReflexive => Sdp.IceCandidateType.ServerReflexive,
            IceCandidateType.PeerReflexive => Sdp.IceCandidateType.PeerReflexive,
            IceCandidateType.Relayed => Sdp.IceCandidateType.Relay,
            _ => Sdp.IceCandidateType.Host,
        },
        RelatedAddress = RelatedEndpoint?.Address.ToString(),
        RelatedPort = RelatedEndpoint?.Port,
    }.ToString();

    /// <inheritdoc/>
    public override string ToString() => ToSdpAttribute();

    /// <summary>
    /// Reads a candidate attribute (with or without <c>a=</c>) through the SDP grammar (<see cref="Sdp.IceCandidate"/>),
    /// keeping what this agent can use: false — never an exception — for text that breaks the grammar, transports other
    /// than UDP, component ids above 256, and addresses that are host names (mDNS <c>.local</c> names included: this agent
    /// does not resolve names; RFC 8445 §5.1.1 lets an agent skip candidates it cannot use).
    /// </summary>
    public static bool TryParse(string? attribute, [NotNullWhen(true)] out IceCandidate? candidate)
    {
        candidate = null;
        if (attribute is null || attribute.Length > MaxAttributeLength
            || !attribute.AsSpan().TrimStart().StartsWith("a=candidate:", StringComparison.OrdinalIgnoreCase)
                && !attribute.AsSpan().TrimStart().StartsWith("candidate:", StringComparison.OrdinalIgnoreCase)
            || !Sdp.IceCandidate.TryParse(attribute, out var parsed)
            || !parsed.IsUdp || parsed.Component is < 1 or > 256 || !IsFoundation(parsed.Foundation)
            || !TryParseEndpoint(parsed.Address, parsed.Port, out var endpoint))
        {
            return false;
        }

        var related = parsed.RelatedAddress is not null && parsed.RelatedPort is { } relatedPort && TryParseEndpoint(parsed.RelatedAddress, relatedPort, out var relatedEndpoint)
            ? relatedEndpoint
            : null;
        candidate = new IceCandidate(parsed.Foundation, parsed.Component, parsed.Priority, endpoint, parsed.Type switch
        {
            Sdp.IceCandidateType.ServerReflexive => IceCandidateType.ServerReflexive,
            Sdp.IceCandidateType.PeerReflexive => IceCandidateType.PeerReflexive,
            Sdp.IceCandidateType.Relay => IceCandidateType.Relayed,
            _ => IceCandidateType.Host,
        }, related);
        return true;
    }

    private static bool TryParseEndpoint(string address, int port, [NotNullWhen(true)] out IPEndPoint? endpoint)
    {
        endpoint = null;
        // IPAddress.TryParse also takes "1" or "0x1" as IPv4; a connection address is dotted IPv4 or IPv6 (RFC 8839 §5.1).
        if ((!address.Contains('.', StringComparison.Ordinal) && !address.Contains(':', StringComparison.Ordinal))
            || !IPAddress.TryParse(address, out var ip)
            || (ip.AddressFamily != AddressFamily.InterNetwork && ip.AddressFamily != AddressFamily.InterNetworkV6)
            || port is < 0 or > IPEndPoint.MaxPort)
        {
            return false;
        }

        endpoint = new IPEndPoint(ip, port);
        return true;
    }

    private static bool IsFoundation(string? value) => IceCredentials.IsValid(value, 1) && value.Length <= 32;
}
