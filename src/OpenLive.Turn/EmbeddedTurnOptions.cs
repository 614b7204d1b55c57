using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace OpenLive.Turn;

/// <summary>
/// Settings of the embedded TURN server (section <c>OpenLive:Turn:Embedded</c>). The shared secret is not here: it is
/// <c>OpenLive:Turn:Secret</c>, the same key the login's credentials are made with, copied into <see cref="Secret"/> by
/// the host.
/// </summary>
public sealed class EmbeddedTurnOptions : IValidatableObject
{
    /// <summary>Configuration section.</summary>
    public const string Section = "OpenLive:Turn:Embedded";

    /// <summary>Shortest secret accepted (256 bits of base64 or hex are longer; 32 characters is the floor).</summary>
    public const int MinSecretLength = 32;

    /// <summary>Runs the server. Off by default: a TURN port is one more thing to open and to watch.</summary>
    public bool Enabled { get; set; }

    /// <summary>Address the listeners bind to; empty: the media plane's bind address.</summary>
    public string? BindAddress { get; set; }

    /// <summary>
    /// Address the relay sockets bind to and announce in XOR-RELAYED-ADDRESS; empty: the bind address when it is one
    /// address, else the media plane's first candidate address (the relay only talks to the media plane).
    /// </summary>
    public string? RelayAddress { get; set; }

    /// <summary>UDP port for TURN clients (3478, the IANA port); 0 picks a free port (tests).</summary>
    [Range(0, 65535)]
    public int UdpPort { get; set; } = 3478;

    /// <summary>TCP port for TURN clients (3478); 0 picks a free port (tests); -1 turns TCP off.</summary>
    [Range(-1, 65535)]
    public int TcpPort { get; set; } = 3478;

    /// <summary>Relay ports, "first-last" inclusive (LiveKit's embedded TURN uses 30000-40000 as well).</summary>
    [Required]
    public string RelayPortRange { get; set; } = "30000-40000";

    /// <summary>The long-term credential realm (RFC 8489 §9.2).</summary>
    [Required]
    [StringLength(127, MinimumLength = 1)]
    public string Realm { get; set; } = "openlive";

    /// <summary>Allocations at most on this server.</summary>
    [Range(1, 100_000)]
    public int MaxAllocations { get; set; } = 1000;

    /// <summary>Allocations at most per user (the userId of the TURN username).</summary>
    [Range(1, 1000)]
    public int MaxAllocationsPerUser { get; set; } = 10;

    /// <summary>Allocations at most per client IP address (a NAT can hide many users: keep it above the per-user cap).</summary>
    [Range(1, 10_000)]
    public int MaxAllocationsPerAddress { get; set; } = 50;

    /// <summary>TCP client connections at most, in total.</summary>
    [Range(1, 100_000)]
    public int MaxTcpConnections { get; set; } = 1000;

    /// <summary>TCP client connections at most per client IP address.</summary>
    [Range(1, 10_000)]
    public int MaxTcpConnectionsPerAddress { get; set; } = 50;

    /// <summary>
    /// A TCP connection must hold an allocation within this time or it is closed: slowloris (no whole request) and
    /// connections kept open with unauthenticated requests alike. A connection also closes when its allocation ends.
    /// </summary>
    public TimeSpan TcpAllocationTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a NONCE stays valid; past it a request gets 438 Stale Nonce and a fresh one.</summary>
    public TimeSpan NonceLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The TURN REST API shared secret, from <c>OpenLive:Turn:Secret</c> (set by the host, never bound from this section,
    /// never logged).
    /// </summary>
    public string? Secret { get; set; }

    /// <summary>The relay port range, parsed; false on anything but "first-last" with 1 &lt;= first &lt;= last &lt;= 65535.</summary>
    public bool TryGetRelayPorts(out int first, out int last)
    {
        first = last = 0;
        var parts = (RelayPortRange ?? string.Empty).Split('-', StringSplitOptions.TrimEntries);
        return parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out first)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out last)
            && first >= 1 && first <= last && last <= 65535;
    }

    /// <inheritdoc/>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!TryGetRelayPorts(out _, out _))
        {
            yield return new ValidationResult($"RelayPortRange '{RelayPortRange}' is not 'first-last' within 1-65535.", [nameof(RelayPortRange)]);
        }

        if (Enabled && (Secret is null || Secret.Length < MinSecretLength))
        {
            // The secret's value never goes into the message.
            yield return new ValidationResult($"The embedded TURN server needs OpenLive:Turn:Secret of at least {MinSecretLength} characters.", [nameof(Secret)]);
        }

        if (TcpAllocationTimeout <= TimeSpan.Zero || TcpAllocationTimeout > TimeSpan.FromMinutes(1))
        {
            yield return new ValidationResult("TcpAllocationTimeout must be above 0 and at most 1 minute.", [nameof(TcpAllocationTimeout)]);
        }

        if (NonceLifetime < TimeSpan.FromSeconds(10) || NonceLifetime > TimeSpan.FromHours(1))
        {
            yield return new ValidationResult("NonceLifetime must be 10 s to 1 h.", [nameof(NonceLifetime)]);
        }

        foreach (var (name, value) in new[] { (nameof(BindAddress), BindAddress), (nameof(RelayAddress), RelayAddress) })
        {
            if (!string.IsNullOrEmpty(value) && !System.Net.IPAddress.TryParse(value, out _))
            {
                yield return new ValidationResult($"{name} '{value}' is not an IP address.", [name]);
            }
        }
    }
}
