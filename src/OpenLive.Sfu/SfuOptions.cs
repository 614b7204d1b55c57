using System.ComponentModel.DataAnnotations;
using System.Net;
using OpenLive.Sfu.Net;

namespace OpenLive.Sfu;

/// <summary>The media plane's settings (section <c>OpenLive:Media</c>).</summary>
public sealed class SfuOptions : IValidatableObject
{
    /// <summary>
    /// Address(es) the media sockets bind (--media-bind): one IP address, several separated by commas (one UDP socket,
    /// and one TCP listener, per address), 0.0.0.0 for every IPv4 interface, or :: for every interface, IPv4 and IPv6
    /// (one dual-stack socket). <see cref="BindAddresses"/>, when it lists any address, takes precedence. The server sets
    /// it when neither is configured: loopback in dev mode without --dev-expose, :: otherwise; this library's default
    /// (both unset) is loopback.
    /// </summary>
    public string? BindAddress { get; set; }

    /// <summary>
    /// The addresses the media sockets bind, as a list (OpenLive:Media:BindAddresses:0, :1, …; an entry may itself list
    /// several separated by commas): one UDP socket and one TCP listener per address, all on <see cref="Port"/> and served
    /// by the one media thread. Takes precedence over <see cref="BindAddress"/> when it lists any address. A wildcard
    /// (0.0.0.0 or ::) stands alone: it cannot be combined with other addresses.
    /// </summary>
    public IList<string> BindAddresses { get; } = [];

    /// <summary>Most addresses the media sockets bind (each is a socket and a TCP listener on the media thread).</summary>
    public const int MaxBindAddresses = 16;

    /// <summary>The one UDP port of this node for all media (ICE, DTLS, SRTP); 0 picks a free port (tests).</summary>
    [Range(0, 65535)]
    public int Port { get; set; } = 7882;

    /// <summary>
    /// Addresses put into SDP candidates (what clients connect to), IPv4 or IPv6; an entry may list several separated
    /// by commas. Empty: the bind address, or every usable interface address when bound to all interfaces
    /// (<see cref="MediaAddresses"/>). Behind a 1:1 NAT, the public address(es) (--media-public-address).
    /// </summary>
    public IList<string> AnnouncedAddresses { get; } = [];

    /// <summary>Socket receive and send buffer size in bytes (bursts of keyframes to many subscribers need room).</summary>
    [Range(65536, 256 * 1024 * 1024)]
    public int SocketBufferBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>
    /// Minimum time between keyframe requests forwarded to one publisher stream while the last one is unanswered; a
    /// quarter of it once a keyframe has answered it (see the forwarding's keyframe request throttle).
    /// </summary>
    public TimeSpan KeyframeRequestInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A transport whose ICE checks stop for this long is closed (RFC 7675 consent).</summary>
    public TimeSpan ConsentTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A transport that does not complete ICE and DTLS within this time is closed.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Whether the SFU estimates each subscriber's path from its transport-wide CC feedback (delay, loss, probes) and fits
    /// the forwarded simulcast layers into it. Off, only REMB and receiver-report loss steer the layers (the behaviour
    /// before the estimator; kept as the baseline of benchmarks/web-quality-cap.sh).
    /// </summary>
    public bool SubscriberBandwidthEstimation { get; set; } = true;

    /// <summary>Packets kept per video stream for retransmission (NACK/RTX).</summary>
    [Range(64, 8192)]
    public int VideoPacketCache { get; set; } = 512;

    /// <summary>Packets kept per audio stream for retransmission.</summary>
    [Range(16, 4096)]
    public int AudioPacketCache { get; set; } = 128;

    /// <summary>
    /// Packets resent per second at most to one subscriber in answer to its NACKs (all its tracks together; a token
    /// bucket holding a quarter second's worth). Past it, NACKed packets are skipped and the keyframe request recovers.
    /// </summary>
    [Range(10, 100_000)]
    public int RetransmitPacketsPerSecond { get; set; } = 500;

    /// <summary>Bytes resent per second at most to one subscriber (the same bucket's byte side; 625,000 = 5 Mbit/s).</summary>
    [Range(15_000, 125_000_000)]
    public int RetransmitBytesPerSecond { get; set; } = 625_000;

    /// <summary>
    /// Sequence numbers considered per NACK packet: the rest are refused unanswered. One RTCP NACK can list thousands
    /// (each 4-byte entry asks for up to 17 packets); a genuine burst of loss is far fewer.
    /// </summary>
    [Range(17, 4096)]
    public int NackSequenceNumbersPerPacket { get; set; } = 128;

    /// <summary>The first bind address parsed (valid once the options are validated).</summary>
    public IPAddress ParsedBindAddress() => ParsedBindAddresses()[0];

    /// <summary>The bind addresses in force, parsed, in order (valid once the options are validated): see <see cref="BindSetting"/>.</summary>
    public IReadOnlyList<IPAddress> ParsedBindAddresses()
    {
        var entries = BindEntries();
        return entries.Count == 0
            ? [IPAddress.Loopback]
            : [.. entries.Select(e => MediaAddresses.Parse(e) ?? throw new InvalidOperationException($"OpenLive:Media:{BindSetting} '{e}' is not an IP address."))];
    }

    /// <summary>
    /// Which setting says where media binds: <see cref="BindAddresses"/> when it lists any address, otherwise
    /// <see cref="BindAddress"/> (--media-bind). With neither set, loopback.
    /// </summary>
    public string BindSetting => BindAddresses.Any(a => !string.IsNullOrWhiteSpace(a)) ? nameof(BindAddresses) : nameof(BindAddress);

    /// <summary>True when both <see cref="BindAddresses"/> and <see cref="BindAddress"/> are set, and so BindAddress is ignored.</summary>
    public bool BindAddressOverridden => BindSetting == nameof(BindAddresses) && BindAddress is not null;

    private List<string> BindEntries() => BindSetting == nameof(BindAddresses)
        ? [.. BindAddresses.SelectMany(SplitList)]
        : BindAddress is null ? [] : [.. SplitList(BindAddress)];

    private static string[] SplitList(string value) => value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The announced addresses parsed, commas split (valid once the options are validated).</summary>
    public IReadOnlyList<IPAddress> ParsedAnnouncedAddresses() =>
        [.. AnnouncedEntries().Select(e => MediaAddresses.Parse(e) ?? throw new InvalidOperationException($"OpenLive:Media:AnnouncedAddresses '{e}' is not an IP address."))];

    /// <inheritdoc/>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var error in ValidateBind())
        {
            yield return new ValidationResult(error, [BindSetting]);
        }

        foreach (var entry in AnnouncedEntries())
        {
            var address = MediaAddresses.Parse(entry);
            if (address is null || MediaAddresses.IsWildcard(address) || address.IsIPv6Multicast || IsIPv4Multicast(address))
            {
                yield return new ValidationResult(
                    $"OpenLive:Media:AnnouncedAddresses (--media-public-address) '{entry}' is not a unicast IP address clients can send to.",
                    [nameof(AnnouncedAddresses)]);
            }
        }
    }

    /// <summary>Each problem of the bind setting in force, naming the setting and the bad value.</summary>
    private IEnumerable<string> ValidateBind()
    {
        var setting = BindSetting == nameof(BindAddresses) ? "OpenLive:Media:BindAddresses" : "OpenLive:Media:BindAddress (--media-bind)";
        var entries = BindEntries();
        if (BindSetting == nameof(BindAddress) && BindAddress is not null && entries.Count == 0)
        {
            yield return $"{setting} is empty: give one address, several separated by commas, 0.0.0.0 (all IPv4) or :: (all interfaces, IPv4 and IPv6).";
            yield break;
        }

        if (entries.Count > MaxBindAddresses)
        {
            yield return $"{setting} lists {entries.Count} addresses: at most {MaxBindAddresses}.";
        }

        var parsed = new List<IPAddress>();
        foreach (var entry in entries)
        {
            var address = MediaAddresses.Parse(entry);
            if (address is null)
            {
                yield return $"{setting} '{entry}' is not an IP address: give IP addresses (several separated by commas), 0.0.0.0 (all IPv4) or :: (all interfaces, IPv4 and IPv6).";
            }
            else if (parsed.Contains(address))
            {
                yield return $"{setting} lists '{entry}' twice: each address is bound once.";
            }
            else
            {
                parsed.Add(address);
            }
        }

        if (parsed.Count > 1 && parsed.FirstOrDefault(MediaAddresses.IsWildcard) is { } wildcard)
        {
            var others = string.Join(", ", parsed.Where(a => !ReferenceEquals(a, wildcard)));
            yield return $"{setting} combines the wildcard '{wildcard}' (every interface) with {others}: bind either every interface (the wildcard alone) or a list of specific addresses.";
        }
    }

    private IEnumerable<string> AnnouncedEntries() =>
        AnnouncedAddresses.SelectMany(a => a.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static bool IsIPv4Multicast(IPAddress address) =>
        address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && (address.GetAddressBytes()[0] & 0xF0) == 0xE0;

    /// <summary>The UDP port the server uses when none is configured; the TCP media port then defaults to <see cref="DefaultTcpPort"/>.</summary>
    public const int DefaultPort = 7882;

    /// <summary>LiveKit's TCP media port, beside its UDP 7882.</summary>
    public const int DefaultTcpPort = 7881;

    /// <summary>Serve passive ICE-TCP (RFC 6544) on <see cref="TcpPort"/>, for clients whose UDP is blocked.</summary>
    public bool TcpEnabled { get; set; } = true;

    /// <summary>
    /// The TCP media port; 0 picks a free port (tests). Unset: 7881 beside the default UDP port 7882, otherwise the
    /// UDP port's number (so servers started on other or free UDP ports do not all reach for 7881).
    /// </summary>
    [Range(0, 65535)]
    public int? TcpPort { get; set; }

    /// <summary>TCP media connections open at most, all clients together.</summary>
    [Range(1, 100_000)]
    public int TcpMaxConnections { get; set; } = 1024;

    /// <summary>TCP media connections open at most from one client IP address (a browser opens one per peer connection and candidate pair).</summary>
    [Range(1, 10_000)]
    public int TcpMaxConnectionsPerAddress { get; set; } = 16;

    /// <summary>A TCP media connection with no valid ICE check (known ufrag, MESSAGE-INTEGRITY) within this time is closed.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan TcpHandshakeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Largest RFC 4571 frame accepted (a longer length closes the connection).</summary>
    [Range(1500, 65535)]
    public int TcpMaxFrameBytes { get; set; } = 2048;

    /// <summary>
    /// Per-connection receive buffer (at least one maximal frame): the frames one hand-off to the media thread carries.
    /// A client sending faster than the media thread takes them is held back by TCP flow control, not buffered further.
    /// </summary>
    [Range(4096, 1024 * 1024)]
    public int TcpReceiveBufferBytes { get; set; } = 64 * 1024;

    /// <summary>Per-connection send buffer: frames the kernel has not taken wait here; past it, packets are dropped as on a full UDP socket.</summary>
    [Range(4096, 16 * 1024 * 1024)]
    public int TcpSendBufferBytes { get; set; } = 256 * 1024;

    /// <summary>The TCP media port to bind (see <see cref="TcpPort"/>).</summary>
    public int ResolveTcpPort() => TcpPort ?? (Port == DefaultPort ? DefaultTcpPort : Port);
}
