using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace OpenLive.Server.Observability;

/// <summary>
/// The control plane's metrics (meter <c>OpenLive.Server</c>), exported at <c>/metrics</c> in Prometheus format.
/// Instruments are created once; recording is allocation-free.
/// </summary>
internal sealed class ServerMetrics : IDisposable
{
    public const string MeterName = "OpenLive.Server";

    private readonly Meter _meter;
    private readonly Counter<long> _logins;
    private readonly Counter<long> _forcedOffline;
    private readonly Counter<long> _badFrames;
    private readonly UpDownCounter<long> _sessions;
    private readonly UpDownCounter<long> _roomMembers;
    private readonly Histogram<double> _loginMs;
    private readonly Counter<long> _webhooks;
    private readonly Counter<long> _refusedConnections;

    private readonly OrleansActivationCount _activations = new();

    public ServerMetrics(IMeterFactory meters, IServiceProvider services)
    {
        _meter = meters.Create(MeterName);
        // Gauges of what a session holds on the server, read at scrape time: after every client has left they return to
        // the idle baseline, so a leak shows as a count that stays up (benchmarks/soak.sh checks this).
        // The media engine is resolved lazily: it is built after the metrics, and only when media is on.
        _meter.CreateObservableGauge("openlive.media.transports", () => services.GetService<Sfu.SfuEngine>()?.TransportCount ?? 0, description: "WebRTC transports open in the SFU on this node.");
        _meter.CreateObservableGauge("openlive.media.rooms", () => services.GetService<Sfu.SfuEngine>()?.RoomCount ?? 0, description: "Rooms with media open in the SFU on this node.");
        // The media plane's drop counters, read at scrape time from the engine's own counts: what it threw away and why.
        _meter.CreateObservableCounter("openlive.media.send_failures", () => services.GetService<Sfu.SfuEngine>()?.SendFailures ?? 0, description: "Datagrams the media sockets could not send (the kernel refused them: buffer full, unreachable); dropped as UDP drops.");
        _meter.CreateObservableCounter("openlive.media.unrouted_datagrams", () => services.GetService<Sfu.SfuEngine>()?.UnroutedDatagrams ?? 0, description: "Datagrams dropped because no transport owns their source or kind (unsolicited or hostile traffic).");
        _meter.CreateObservableCounter("openlive.media.tcp.refused", () => services.GetService<Sfu.SfuEngine>()?.TcpConnectionsRefused ?? 0, description: "ICE-TCP media connections closed at accept for being over the total or per-address cap.");
        _meter.CreateObservableCounter("openlive.media.tcp.framing_errors", () => services.GetService<Sfu.SfuEngine>()?.TcpFramingErrors ?? 0, description: "ICE-TCP media connections closed for a zero or oversized frame length.");
        _meter.CreateObservableCounter("openlive.media.tcp.handshake_timeouts", () => services.GetService<Sfu.SfuEngine>()?.TcpHandshakeTimeouts ?? 0, description: "ICE-TCP media connections closed for no valid ICE check within the handshake deadline.");
        _meter.CreateObservableGauge("openlive.grains.active", _activations.Read, description: "Orleans grain activations on this silo (system grains included).");
        _meter.CreateObservableGauge("openlive.sqlite.connections.open", () => SqliteConnectionCount.Open, description: "Embedded-store SQLite connections handed out and not yet closed (this process).");
        _logins = _meter.CreateCounter<long>("openlive.logins", description: "Login attempts by result (ok, or the refusing module/code).");
        _forcedOffline = _meter.CreateCounter<long>("openlive.sessions.forced_offline", description: "Sessions ended by the server (8050 kick-out, 8051 expiry).");
        _badFrames = _meter.CreateCounter<long>("openlive.signaling.rejected_frames", description: "Frames rejected: malformed (8052), rate-limited (8011), oversized.");
        _sessions = _meter.CreateUpDownCounter<long>("openlive.sessions.active", description: "Open signaling connections on this node.");
        _roomMembers = _meter.CreateUpDownCounter<long>("openlive.rooms.members", description: "Room memberships held by sessions on this node.");
        _webhooks = _meter.CreateCounter<long>("openlive.webhooks", description: "Webhook deliveries by outcome (delivered, retried, failed, dropped, before_send_unavailable).");
        _refusedConnections = _meter.CreateCounter<long>("openlive.signaling.refused_connections", description: "Signaling connections refused at the upgrade (per_ip_limit, total_limit) or closed without a login in time (login_timeout).");
        _loginMs = _meter.CreateHistogram<double>("openlive.login.duration", unit: "ms", description: "Time to answer a login.");
    }

    public void Login(string result, double milliseconds)
    {
        _logins.Add(1, new KeyValuePair<string, object?>("result", result));
        _loginMs.Record(milliseconds);
    }

    public void ForcedOffline(int code) => _forcedOffline.Add(1, new KeyValuePair<string, object?>("code", code));

    public void RejectedFrame(string reason) => _badFrames.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void Webhook(string outcome) => _webhooks.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void RefusedConnection(string reason) => _refusedConnections.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void SessionOpened() => _sessions.Add(1);

    public void SessionClosed() => _sessions.Add(-1);

    public void EnteredRoom() => _roomMembers.Add(1);

    public void LeftRoom() => _roomMembers.Add(-1);

    public void Dispose()
    {
        _meter.Dispose();
        _activations.Dispose();
    }
}
