namespace OpenLive.Sdk;

/// <summary>How a <see cref="LiveClient"/> reaches its server (iLiveSDK's <c>initSdk(appId)</c>).</summary>
public sealed class LiveClientOptions
{
    /// <summary>The server's base URL, e.g. <c>http://127.0.0.1:7880</c> (the SDK connects to <c>ws://…/signal</c>).</summary>
    public Uri? ServerUrl { get; set; }

    /// <summary>
    /// Other nodes of the same cluster. When the connection drops (its node lost or drained), reconnecting tries them in
    /// turn after <see cref="ServerUrl"/>'s node — the next one first — and takes the room seat back on whichever
    /// answers. Empty (the default): only <see cref="ServerUrl"/>, which may be a load balancer in front of the nodes.
    /// Each must be an absolute http(s) or ws(s) URL (8021 otherwise).
    /// </summary>
    public IReadOnlyList<Uri> FallbackServerUrls { get; set; } = [];

    /// <summary>The app id the userSigs are issued for.</summary>
    public uint SdkAppId { get; set; }

    /// <summary>How long a request may wait for its answer before failing with 1005 (AV_ERR_TIMEOUT).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long connecting may take before failing with 8012 (ERR_NET_UNDEFINE).</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// iLiveSDK required its API on the main thread. When true, calls from another <see cref="SynchronizationContext"/>
    /// than the one the client was created on fail with 1007 (AV_ERR_NOT_IN_MAIN_THREAD).
    /// </summary>
    public bool ThreadAffinity { get; set; }

    /// <summary>
    /// Reconnect by itself when the connection drops, resuming the session and its room seat within the server's resume
    /// window (30 s by default). While reconnecting, calls fail with 8012 and <see cref="ConnectionState.Reconnecting"/> is reported.
    /// </summary>
    public bool AutoReconnect { get; set; } = true;

    /// <summary>
    /// A server that answers nothing this long after a heartbeat is taken as gone — its machine lost or the link cut,
    /// which closes no socket — and the client reconnects (to the next of <see cref="FallbackServerUrls"/>); heartbeats
    /// then go every second. 2 s by default; <see cref="TimeSpan.Zero"/> turns the watch off (heartbeats every 10 s, as
    /// the server asks; a dead server is then noticed only when the operating system gives the socket up). A request
    /// still waiting for its answer holds the verdict off: the server answers in order, so a slow request is not a dead server.
    /// </summary>
    public TimeSpan DeadConnectionTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// A media connection whose path answers nothing this long is taken as dead while signaling lives — a NAT that
    /// forgot the mapping, a network change — and the room's media is started again on new connections (the server
    /// makes new ones; what was published is published again and <see cref="Rooms.LiveRoom.MediaReconnected"/> hands
    /// over the new publisher). The path is checked a few times within this (a STUN binding request each, every
    /// quarter of it up to once a second). 2 s by default; from 0.5 s to 20 s; <see cref="TimeSpan.Zero"/> turns the
    /// watch off (consent checks every 5 s only, and a dead path is never restarted).
    /// </summary>
    public TimeSpan DeadMediaTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// SHA-256 fingerprints of the server certificates to accept over https/wss, in hex as <c>./run.sh --lan</c> prints them
    /// ("3F:A2:…"; colons optional, any case): a pinned certificate is accepted whatever its chain or name (a self-signed
    /// development or LAN certificate, without adding it to the machine's trusted roots), any other is refused with 8012
    /// (ERR_NET_UNDEFINE) naming the fingerprint it presented. Empty (the default): the platform's normal validation.
    /// A value that is not 64 hex digits fails the client's creation with 8021.
    /// </summary>
    public IReadOnlyList<string> ServerCertificateSha256 { get; set; } = [];

    /// <summary>
    /// The device class this client logs in as (IM SDK's multi-terminal login), e.g. "phone", "desktop", "web": a user
    /// has one session per class, so a second login of the same class forces the first offline (8050) while sessions
    /// of other classes stay online — C2C messages reach all of them, and a call rings on all of them until one answers
    /// (the others end with <see cref="Calls.LiveCallEndCode.AnsweredElsewhere"/>). Empty (the default) is one class
    /// of its own. At most 32 characters of A-Z a-z 0-9 . _ - (the server refuses others with 8021).
    /// </summary>
    public string Device { get; set; } = string.Empty;

    /// <summary>The clock for timeouts and heartbeats; the system clock when null.</summary>
    public TimeProvider? TimeProvider { get; set; }

    /// <summary>
    /// How the room's media connections (publisher and subscriber) reach the server's SFU:
    /// <see cref="Rtc.Client.RtcIceTransports.Udp"/> (the default), <see cref="Rtc.Client.RtcIceTransports.Tcp"/> —
    /// ICE-TCP to the server's TCP media port (7881 by default), for networks that block UDP — or
    /// <see cref="Rtc.Client.RtcIceTransports.Both"/> (ICE picks UDP when it works). Any other value fails the
    /// constructor with 8021.
    /// </summary>
    public Rtc.Client.RtcIceTransports MediaTransports { get; set; } = Rtc.Client.RtcIceTransports.Udp;

    /// <summary>
    /// The local address the room's media connections (publisher and subscriber) bind and offer as their one host
    /// candidate, so it must be an address the server's SFU can reach; a publish's own
    /// <see cref="Media.LivePublishOptions.LocalAddress"/> still wins for that publisher. Null (the default): the
    /// address the operating system would send from to reach <see cref="ServerUrl"/>'s host (its route is looked up
    /// with a connected UDP socket, which sends nothing), and loopback when that host is a loopback address — which
    /// is also the fallback when the host cannot be resolved or has no route. A wildcard address (0.0.0.0, ::) fails the
    /// constructor with 8021: a candidate must be an address a packet can be sent to.
    /// </summary>
    public System.Net.IPAddress? MediaLocalAddress { get; set; }
}
