using System.ComponentModel.DataAnnotations;

namespace OpenLive.Server.Hosting;

/// <summary>Server settings (section <c>OpenLive</c> of appsettings.json, environment <c>OpenLive__*</c>, or flags).</summary>
public sealed class ServerOptions
{
    /// <summary>The configuration section name.</summary>
    public const string Section = "OpenLive";

    /// <summary>HTTP and WebSocket listen URL(s), separated by ';'.</summary>
    [Required]
    public string Urls { get; set; } = "http://127.0.0.1:7880";

    /// <summary>The media UDP port (the SFU's one port for ICE, DTLS and SRTP); 0 picks a free one (tests).</summary>
    [Range(0, 65535)]
    public int MediaPort { get; set; } = 7882;

    /// <summary>Where the server keeps its data (SQLite database, dev app file).</summary>
    [Required]
    public string DataDirectory { get; set; } = "./data";

    /// <summary>Dev mode: create the dev app (sdkAppId 1400000000) once and print its key and a sample userSig.</summary>
    public bool Dev { get; set; }

    /// <summary>
    /// Dev mode on a non-loopback address (<c>--dev-expose</c>): without it, <c>--dev</c> refuses to listen where other
    /// machines can ask its sign-in for userSigs of the dev app.
    /// </summary>
    public bool DevExpose { get; set; }

    /// <summary>
    /// The key that protects the admin REST API and <c>/metrics</c>; generated into the data directory when empty. A
    /// configured one must carry at least 32 bytes of entropy (<see cref="Apps.KeyStrength"/>).
    /// </summary>
    [StrongKey]
    public string? AdminKey { get; set; }

    /// <summary>How often clients are asked to send a heartbeat.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A client silent for this long is dropped (iLiveSDK's 30 s room-disconnect).</summary>
    [Range(typeof(TimeSpan), "00:00:02", "00:30:00")]
    public TimeSpan SessionTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a dropped session's room membership is kept for the client to resume it.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan ResumeWindow { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The largest signaling frame accepted, in bytes.</summary>
    [Range(256, 1024 * 1024)]
    public int MaxFrameBytes { get; set; } = OpenLive.Protocol.ProtocolVersion.MaxFrameBytes;

    /// <summary>Sustained signaling frames per second a connection may send (bursts of twice this are allowed).</summary>
    [Range(1, 10_000)]
    public int MaxFramesPerSecond { get; set; } = 50;

    /// <summary>A signaling connection that has not logged in this long after it opened is closed (1008).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan LoginTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Open signaling connections per client address (IPv6: per /64) at most; more are refused at the upgrade (429).</summary>
    [Range(1, 1_000_000)]
    public int MaxConnectionsPerIp { get; set; } = 200;

    /// <summary>Open signaling connections on this node at most; more are refused at the upgrade (503).</summary>
    [Range(1, 1_000_000)]
    public int MaxConnections { get; set; } = 20_000;

    /// <summary>Where apps and tinyIds are kept.</summary>
    [Required]
    [Microsoft.Extensions.Options.ValidateObjectMembers]
    public StoreOptions Store { get; set; } = new();

    /// <summary>Largest message body (all elements together), in bytes; iLiveSDK's IM allowed 12 KB.</summary>
    [Range(64, 64 * 1024)]
    public int MaxMessageBytes { get; set; } = 12 * 1024;

    /// <summary>Messages per second a user may send (bursts of twice this).</summary>
    [Range(1, 10_000)]
    public int MaxMessagesPerSecond { get; set; } = 20;

    /// <summary>
    /// Unacknowledged offline C2C messages a user's inbox may hold; a send beyond it fails with 8011 until the user
    /// acknowledges (logs in) or an administrator clears the inbox.
    /// </summary>
    [Range(1, 1_000_000)]
    public int MaxInboxMessages { get; set; } = 10_000;

    /// <summary>How long the IM step of entering a room (joining its group) may take before the entry fails with 7000.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan ImStepTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>HTTP callbacks to the app's backend.</summary>
    [Required]
    [Microsoft.Extensions.Options.ValidateObjectMembers]
    public Webhooks.WebhookOptions Webhooks { get; set; } = new();

    /// <summary>The demo app at <c>/</c> and, in dev mode, its sign-in and room list.</summary>
    [Required]
    [Microsoft.Extensions.Options.ValidateObjectMembers]
    public Demo.DemoOptions Demo { get; set; } = new();

    /// <summary>HTTPS on Kestrel, the redirect, HSTS and the trusted reverse proxies.</summary>
    [Required]
    public HttpsOptions Https { get; set; } = new();

    /// <summary>
    /// <c>--lan [ADDRESS]</c>: HTTPS on the LAN address (<c>auto</c>: picked) with a self-signed certificate kept in the
    /// data directory, media bound and announced there, dev mode allowed on it. Empty: nothing beyond the listen URLs.
    /// </summary>
    public string? Lan { get; set; }

    /// <summary>Cluster settings.</summary>
    [Required]
    [Microsoft.Extensions.Options.ValidateObjectMembers]
    public ClusterOptions Cluster { get; set; } = new();
}

/// <summary>Orleans cluster membership.</summary>
public sealed class ClusterOptions
{
    /// <summary><c>localhost</c> (single node, the default) or <c>redis</c>.</summary>
    [Required]
    [RegularExpression("^(localhost|redis)$")]
    public string Membership { get; set; } = "localhost";

    /// <summary>Connection string for redis membership (e.g. <c>127.0.0.1:6379</c>).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// Silo-to-silo port. With localhost membership (one node, which no other silo ever dials) 0 lets the OS pick a
    /// free loopback port, so several single-node servers share a machine without a port to choose for each; Redis
    /// membership needs a fixed one (the other nodes dial it).
    /// </summary>
    [Range(0, 65535)]
    public int SiloPort { get; set; } = 11111;

    /// <summary>
    /// Orleans client gateway port; 0 (the default) runs no gateway. The server has no external Orleans clients (its
    /// own edges call grains in-process), so a gateway is only for a deployment that adds one.
    /// </summary>
    [Range(0, 65535)]
    public int GatewayPort { get; set; }

    /// <summary>The address other nodes reach this one at (cluster modes other than localhost).</summary>
    [Required]
    public string AdvertisedAddress { get; set; } = "127.0.0.1";

    /// <summary>The local address the silo (and gateway) ports listen on; empty = the advertised address, never all interfaces.</summary>
    public string? ListenAddress { get; set; }

    /// <summary>
    /// Redis membership without <see cref="Tls"/>: refused unless this is true (a private network where every machine
    /// that can reach the silo port is trusted with every grain call).
    /// </summary>
    public bool AllowInsecure { get; set; }

    /// <summary>Mutual TLS between nodes: the node's certificate and the cluster's CA (loaded and checked when the node is built).</summary>
    [Required]
    public ClusterTlsOptions Tls { get; set; } = new();

    /// <summary>Cluster id (all nodes of one deployment share it).</summary>
    [Required]
    public string ClusterId { get; set; } = "openlive";

    /// <summary>
    /// How long a node waits for another's answer to a liveness probe, and how often it probes (Orleans'
    /// <c>ClusterMembershipOptions.ProbeTimeout</c>; its default is 5 s). With <see cref="MissedProbesLimit"/> it decides
    /// how soon a dead node is declared dead and its rooms can come back elsewhere: 1 s × 2 ≈ 2 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.200", "00:01:00")]
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Probes a node may miss in a row before a prober votes it dead (Orleans' default: 3).</summary>
    [Range(1, 10)]
    public int MissedProbesLimit { get; set; } = 2;
}

/// <summary>
/// Mutual TLS on the silo port (and gateway): each node presents <see cref="CertificatePath"/> and accepts only peers
/// whose certificate chains to <see cref="CaCertificatePath"/>.
/// </summary>
public sealed class ClusterTlsOptions
{
    /// <summary>This node's certificate with its private key, PKCS#12 (<c>.pfx</c>/<c>.p12</c>).</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The password of <see cref="CertificatePath"/> (set it through the environment, not a flag).</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>The cluster's CA certificate (PEM or DER): a peer's certificate must be issued by it.</summary>
    public string? CaCertificatePath { get; set; }

    /// <summary>True when a node certificate is configured.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(CertificatePath);
}

/// <summary>The store for apps and tinyIds.</summary>
public sealed class StoreOptions
{
    /// <summary><c>auto</c> (Redis with Redis membership, else SQLite), <c>sqlite</c> or <c>redis</c>.</summary>
    [Required]
    [RegularExpression("^(auto|sqlite|redis)$")]
    public string Kind { get; set; } = "auto";

    /// <summary>Redis endpoint for the <c>redis</c> store; defaults to the cluster's connection string.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Where IM messages are kept: <c>sqlite</c> (the node's database file) or <c>postgres</c>.</summary>
    [Required]
    [RegularExpression("^(sqlite|postgres)$")]
    public string Messages { get; set; } = "sqlite";

    /// <summary>Npgsql connection string for the <c>postgres</c> message store.</summary>
    public string? PostgresConnectionString { get; set; }
}
