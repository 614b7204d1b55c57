using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace OpenLive.Rtc.Sdp;

/// <summary>
/// An ICE candidate: an <c>a=candidate</c> line, or what trickle ICE sends alone (RFC 8839 §5.1; RFC 8840).
/// <code>
/// candidate-attribute = "candidate" ":" foundation SP component-id SP transport SP priority SP
///                       connection-address SP port SP "typ" SP cand-type
///                       [SP "raddr" SP connection-address] [SP "rport" SP port] *(SP cand-extension)
/// foundation          = 1*32ice-char
/// component-id        = 1*3DIGIT
/// priority            = 1*10DIGIT
/// cand-extension      = extension-att-name SP extension-att-value
/// candidate:842163049 1 udp 1677729535 203.0.113.7 61665 typ srflx raddr 0.0.0.0 rport 0 generation 0 ufrag sI7M
/// </code>
/// The address may be an IP or an mDNS name (<c>….local</c>, RFC 8828 §5.1 / draft-ietf-mmusic-mdns-ice-candidates);
/// it stays a string. The extensions browsers send (<c>tcptype</c> RFC 6544, <c>generation</c>, <c>ufrag</c>,
/// <c>network-id</c>, <c>network-cost</c>) have fields; any other is kept in <see cref="Extensions"/>.
/// </summary>
/// <remarks>
/// It is OpenLive's one candidate type: the SDP model, what trickle ICE carries, and what the ICE agent pairs (the
/// agent takes UDP candidates whose address is an IP (<see cref="TryGetEndpoint"/>), and makes its own with <see cref="ForUdp"/>).
/// </remarks>
public sealed class IceCandidate
{
    /// <summary>The longest foundation RFC 8839 allows.</summary>
    public const int MaxFoundationLength = 32;

    private const string Prefix = "candidate:";

    // What Endpoint resolved to: null until first read, NoEndpoint when the address is not an IP.
    private static readonly object NoEndpoint = new();
    private object? _endpoint;

    /// <summary>Groups candidates of the same kind from the same interface (ICE characters, 1-32).</summary>
    public required string Foundation { get; init; }

    /// <summary>1 for RTP (and for everything, with rtcp-mux), 2 for RTCP; 1-256.</summary>
    public int Component { get; init; } = 1;

    /// <summary>The transport as written: <c>udp</c>/<c>UDP</c>, <c>tcp</c>/<c>TCP</c>, or an extension.</summary>
    public required string Transport { get; init; }

    /// <summary>The candidate's priority (RFC 8445 §5.1.2).</summary>
    public uint Priority { get; init; }

    /// <summary>An IP address or an mDNS host name.</summary>
    public required string Address { get; init; }

    /// <summary>The port, 0-65535 (TCP active candidates use 9, RFC 6544 §4.5).</summary>
    public int Port { get; init; }

    /// <summary>host, srflx, prflx or relay.</summary>
    public IceCandidateType Type { get; init; }

    /// <summary><c>raddr</c>: the base or server-reflexive address this one derives from; null when absent.</summary>
    public string? RelatedAddress { get; init; }

    /// <summary><c>rport</c>: the port that goes with <see cref="RelatedAddress"/>; null when absent.</summary>
    public int? RelatedPort { get; init; }

    /// <summary><c>tcptype</c> for TCP candidates; null when absent.</summary>
    public IceTcpType? TcpType { get; init; }

    /// <summary><c>generation</c>: the ICE generation (raised on restarts); null when absent.</summary>
    public uint? Generation { get; init; }

    /// <summary><c>ufrag</c>: the username fragment the candidate belongs to; null when absent.</summary>
    public string? Ufrag { get; init; }

    /// <summary><c>network-id</c>: which local network interface; null when absent.</summary>
    public uint? NetworkId { get; init; }

    /// <summary><c>network-cost</c>: how costly the network is (10 for wired, 999 unknown); null when absent.</summary>
    public uint? NetworkCost { get; init; }

    /// <summary>Every other extension, in order.</summary>
    public IReadOnlyList<IceCandidateExtension> Extensions { get; init; } = [];

    /// <summary>True for UDP candidates.</summary>
    public bool IsUdp => string.Equals(Transport, "udp", StringComparison.OrdinalIgnoreCase);

    /// <summary>True for TCP candidates (RFC 6544).</summary>
    public bool IsTcp => string.Equals(Transport, "tcp", StringComparison.OrdinalIgnoreCase);

    /// <summary>True when the address is an mDNS name rather than an IP (it ends in <c>.local</c>).</summary>
    public bool IsMdns => Address.EndsWith(".local", StringComparison.OrdinalIgnoreCase);

    /// <summary>The address as an IP; false for mDNS and other host names.</summary>
    public bool TryGetIPAddress([NotNullWhen(true)] out IPAddress? address) => IPAddress.TryParse(Address, out address);

    /// <summary>
    /// The address and port as an IP endpoint; false for mDNS and other host names, and for an address that is not
    /// dotted IPv4 or IPv6 (RFC 8839 §5.1; <see cref="IPAddress.TryParse(string?, out IPAddress?)"/> alone would also
    /// take "1" or "0x1").
    /// </summary>
    public bool TryGetEndpoint([NotNullWhen(true)] out IPEndPoint? endpoint)
    {
        endpoint = Endpoint;
        return endpoint is not null;
    }

    /// <summary><c>raddr</c>/<c>rport</c> as an IP endpoint: the base of a reflexive or relayed candidate; false when absent or not an IP.</summary>
    public bool TryGetRelatedEndpoint([NotNullWhen(true)] out IPEndPoint? endpoint)
    {
        endpoint = RelatedAddress is not null && RelatedPort is { } port ? ParseEndpoint(RelatedAddress, port) : null;
        return endpoint is not null;
    }

    /// <summary>
    /// <see cref="TryGetEndpoint"/>'s endpoint, resolved once (the ICE agent reads it on every check); null when the
    /// address is not an IP. Internal, so the model's public properties stay the SDP text's fields.
    /// </summary>
    internal IPEndPoint? Endpoint
    {
        get
        {
            var resolved = Volatile.Read(ref _endpoint);
            if (resolved is null)
            {
                resolved = ParseEndpoint(Address, Port) ?? NoEndpoint;
                Volatile.Write(ref _endpoint, resolved);
            }

            return resolved as IPEndPoint;
        }
    }

    /// <summary>A UDP candidate at <paramref name="endpoint"/>, as an ICE agent gathers or learns one.</summary>
    /// <exception cref="ArgumentException">A foundation that is not 1..32 ICE characters, or a component outside 1..256.</exception>
    public static IceCandidate ForUdp(string foundation, int component, uint priority, IPEndPoint endpoint, IceCandidateType type, IPEndPoint? relatedEndpoint = null)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        if (string.IsNullOrEmpty(foundation) || foundation.Length > MaxFoundationLength || !SdpText.IsIceChars(foundation))
        {
            throw new ArgumentException("A foundation is 1..32 ICE characters.", nameof(foundation));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(component, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(component, 256);
        var candidate = new IceCandidate
        {
            Foundation = foundation,
            Component = component,
            Transport = "udp",
            Priority = priority,
            Address = endpoint.Address.ToString(),
            Port = endpoint.Port,
            Type = type,
            RelatedAddress = relatedEndpoint?.Address.ToString(),
            RelatedPort = relatedEndpoint?.Port,
        };
        candidate._endpoint = endpoint;
        return candidate;
    }

    /// <summary>
    /// Parses a candidate as trickle ICE carries it: <c>candidate:…</c>, with or without <c>a=</c>, or just the
    /// value after <c>candidate:</c>. Surrounding whitespace and line endings are ignored. Never throws.
    /// </summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out IceCandidate? candidate) => TryParse(text, out candidate, out _);

    /// <summary>As <see cref="TryParse(string?, out IceCandidate?)"/>, saying why a candidate was refused.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out IceCandidate? candidate, [NotNullWhen(false)] out string? error)
    {
        candidate = null;
        if (text is null || text.Length > SdpLimits.MaxLength)
        {
            error = "no candidate text, or too long";
            return false;
        }

        var value = text.AsSpan().Trim(" \t\r\n");
        if (value.StartsWith("a="))
        {
            value = value[2..];
            if (!value.StartsWith(Prefix))
            {
                error = "not an a=candidate line";
                return false;
            }
        }

        if (value.StartsWith(Prefix))
        {
            value = value[Prefix.Length..];
        }

        if (SdpText.HasLineBreak(value))
        {
            error = "a candidate is one line";
            return false;
        }

        return TryParseValue(value, out candidate, out error);
    }

    /// <summary>The candidate as trickle ICE sends it: <c>candidate:…</c>, no <c>a=</c>, no line ending.</summary>
    public override string ToString()
    {
        var builder = new StringBuilder(Prefix);
        WriteValue(new SdpTextWriter(builder));
        return builder.ToString();
    }

    private static IPEndPoint? ParseEndpoint(string address, int port)
    {
        if ((!address.Contains('.', StringComparison.Ordinal) && !address.Contains(':', StringComparison.Ordinal))
            || !IPAddress.TryParse(address, out var ip)
            || (ip.AddressFamily != AddressFamily.InterNetwork && ip.AddressFamily != AddressFamily.InterNetworkV6)
            || port is < 0 or > IPEndPoint.MaxPort)
        {
            return null;
        }

        return new IPEndPoint(ip, port);
    }

    /// <summary>Parses what follows <c>candidate:</c>.</summary>
    internal static bool TryParseValue(ReadOnlySpan<char> value, [NotNullWhen(true)] out IceCandidate? candidate, [NotNullWhen(false)] out string? error)
    {
        candidate = null;
        var fields = new SdpFields(value);
        if (!fields.TryNext(out var foundation) || foundation.Length > MaxFoundationLength || !SdpText.IsIceChars(foundation))
        {
            error = "the foundation must be 1-32 ICE characters";
            return false;
        }

        if (!fields.TryNext(out var componentText) || !SdpText.TryParseInt(componentText, 1, 256, out var component))
        {
            error = "the component must be 1-256";
            return false;
        }

        if (!fields.TryNext(out var transport) || !SdpText.IsToken(transport))
        {
            error = "the transport must be a token";
            return false;
        }

        if (!fields.TryNext(out var priorityText) || !SdpText.TryParseUInt32(priorityText, out var priority))
        {
            error = "the priority must be a number 0-4294967295";
            return false;
        }

        if (!fields.TryNext(out var address))
        {
            error = "the address is missing";
            return false;
        }

        if (!fields.TryNext(out var portText) || !SdpText.TryParsePort(portText, out var port))
        {
            error = "the port must be 0-65535";
            return false;
        }

        if (!fields.TryNext(out var typ) || !typ.SequenceEqual("typ") || !fields.TryNext(out var typeText) || !TryParseType(typeText, out var type))
        {
            error = "expected typ host, srflx, prflx or relay";
            return false;
        }

        var extensions = new IceCandidateExtensionsReader();
        while (fields.TryNext(out var name))
        {
            if (!fields.TryNext(out var extensionValue))
            {
                error = $"the extension {name} has no value";
                return false;
            }

            if (!extensions.TryRead(name, extensionValue, out error))
            {
                return false;
            }
        }

        candidate = new IceCandidate
        {
            Foundation = foundation.ToString(),
            Component = component,
            Transport = transport.ToString(),
            Priority = priority,
            Address = address.ToString(),
            Port = port,
            Type = type,
            RelatedAddress = extensions.RelatedAddress,
            RelatedPort = extensions.RelatedPort,
            TcpType = extensions.TcpType,
            Generation = extensions.Generation,
            Ufrag = extensions.Ufrag,
            NetworkId = extensions.NetworkId,
            NetworkCost = extensions.NetworkCost,
            Extensions = extensions.Others ?? [],
        };
        error = null;
        return true;
    }

    /// <summary>Writes the value after <c>candidate:</c>, extensions in the order Chromium uses.</summary>
    internal SdpTextWriter WriteValue(SdpTextWriter writer)
    {
        writer.Text(Foundation).Space().Number(Component).Space().Text(Transport).Space().Number(Priority).Space()
            .Text(Address).Space().Number(Port).Text(" typ ").Text(TypeToken(Type));
        if (RelatedAddress is not null)
        {
            writer.Text(" raddr ").Text(RelatedAddress);
        }

        if (RelatedPort is { } relatedPort)
        {
            writer.Text(" rport ").Number(relatedPort);
        }

        if (TcpType is { } tcpType)
        {
            writer.Text(" tcptype ").Text(TcpTypeToken(tcpType));
        }

        if (Generation is { } generation)
        {
            writer.Text(" generation ").Number(generation);
        }

        if (Ufrag is not null)
        {
            writer.Text(" ufrag ").Text(Ufrag);
        }

        if (NetworkId is { } networkId)
        {
            writer.Text(" network-id ").Number(networkId);
        }

        if (NetworkCost is { } networkCost)
        {
            writer.Text(" network-cost ").Number(networkCost);
        }

        foreach (var extension in Extensions)
        {
            writer.Space().Text(extension.Name).Space().Text(extension.Value);
        }

        return writer;
    }

    internal static string TypeToken(IceCandidateType type) => type switch
    {
        IceCandidateType.ServerReflexive => "srflx",
        IceCandidateType.PeerReflexive => "prflx",
        IceCandidateType.Relay => "relay",
        _ => "host",
    };

    internal static string TcpTypeToken(IceTcpType type) => type switch
    {
        IceTcpType.Active => "active",
        IceTcpType.Passive => "passive",
        _ => "so",
    };

    private static bool TryParseType(ReadOnlySpan<char> token, out IceCandidateType type)
    {
        switch (token)
        {
            case "host":
                type = IceCandidateType.Host;
                return true;
            case "srflx":
                type = IceCandidateType.ServerReflexive;
                return true;
            case "prflx":
                type = IceCandidateType.PeerReflexive;
                return true;
            case "relay":
                type = IceCandidateType.Relay;
                return true;
            default:
                type = default;
                return false;
        }
    }
}
