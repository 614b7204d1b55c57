using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenLive.Rtc.Dtls;
using OpenLive.Sfu.Forwarding;
using OpenLive.Sfu.Net;
using OpenLive.Sfu.Transports;

namespace OpenLive.Sfu;

/// <summary>
/// The node's media plane: the UDP socket and its media thread, the process-wide DTLS certificate, every transport,
/// and the rooms' media (<see cref="MediaRoom"/>). Thread-safe entry points; packet work stays on the media thread.
/// </summary>
public sealed partial class SfuEngine : IDisposable
{
    private readonly ConcurrentDictionary<string, MediaRoom> _rooms = new(StringComparer.Ordinal);
    private readonly List<PublisherConnection> _publishers = [];
    private readonly List<RelayPublisher> _relays = [];
    private readonly List<SubscriberConnection> _subscribers = [];
    private readonly ILogger _logger;
    private readonly TransportRegistry _registry;
    private readonly MediaLoop _loop;
    private readonly TcpMediaListener? _tcp;
    private readonly MediaPaths _paths;
    private int _nextTransportId;

    /// <summary>Binds the media socket (the thread starts with <see cref="Start"/>).</summary>
    public SfuEngine(IOptions<SfuOptions> options, TimeProvider time, ILogger<SfuEngine> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options.Value;
        Time = time;
        _logger = logger;
        Certificate = DtlsCertificate.Create();
        _registry = new TransportRegistry(Options, Tick);
        var addresses = Options.ParsedBindAddresses();
        _loop = addresses.Count == 1
            ? Bind(new IPEndPoint(addresses[0], Options.Port), time, logger)
            : BindEach(addresses, Options.Port, time, logger);
        _tcp = Options.TcpEnabled ? BindTcp(Options, _loop, _registry, time, logger) : null;
        _paths = new MediaPaths(_loop, _tcp);
        Candidates = MediaAddresses.Candidates(_loop.LocalEndPoints, Options.ParsedAnnouncedAddresses(), MediaAddresses.Discover());
        BindDescription = MediaAddresses.Describe(_loop.LocalEndPoints);
        AnnouncedDescription = string.Join(", ", Candidates.Select(c => c.Address));
    }

    /// <summary>The TCP media listeners on the UDP sockets' addresses (ICE over TCP), or why they cannot bind.</summary>
    private static TcpMediaListener BindTcp(SfuOptions options, MediaLoop loop, TransportRegistry registry, TimeProvider time, ILogger logger)
    {
        var binds = loop.LocalEndPoints.Select(e => new IPEndPoint(e.Address, options.ResolveTcpPort())).ToList();
        var bind = string.Join(", ", binds);
        try
        {
            var listener = new TcpMediaListener(binds, TcpMediaLimits.From(options), registry, loop.Post, loop.Wake, time, logger);
            registry.TcpPathRetired = path =>
            {
                if (TcpPathAddress.TryGetConnectionId(path, out var id))
                {
                    listener.Close(id);
                }
            };
            return listener;
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.AddressAlreadyInUse or SocketError.AddressNotAvailable or SocketError.AccessDenied)
        {
            loop.Dispose();
            throw new InvalidOperationException(
                $"The media TCP port {bind} cannot be bound ({e.SocketErrorCode}): another server may be using it; choose another with --media-tcp-port (0 picks a free one), or set OpenLive:Media:TcpEnabled=false.", e);
        }
    }

    /// <summary>The settings in force.</summary>
    public SfuOptions Options { get; }

    internal TimeProvider Time { get; }

    internal DtlsCertificate Certificate { get; }

    /// <summary>Where the (first) media socket listens.</summary>
    public IPEndPoint LocalEndPoint => _loop.LocalEndPoint;

    /// <summary>Where each media socket listens: one per bound address, in the configured order.</summary>
    public IReadOnlyList<IPEndPoint> LocalEndPoints => _loop.LocalEndPoints;

    /// <summary>The host candidates put in every SDP the node sends.</summary>
    public IReadOnlyList<IPEndPoint> Candidates { get; }

    /// <summary>What the socket listens on, in words: "[::]:7882 (all interfaces, IPv4 and IPv6)".</summary>
    public string BindDescription { get; }

    /// <summary>The announced addresses, comma-separated: "192.0.2.10, 2001:db8::10".</summary>
    public string AnnouncedDescription { get; }


    /// <summary>Where the (first) TCP media listener (ICE over TCP) listens; null when it is disabled.</summary>
    public IPEndPoint? TcpEndPoint => _tcp?.LocalEndPoint;

    /// <summary>The TCP media listeners' endpoints, comma-separated ("off" when disabled).</summary>
    public string TcpDescription => _tcp is null ? "off" : string.Join(", ", _tcp.LocalEndPoints);

    /// <summary>Where each TCP media listener listens (one per bound address, all on one port); empty when disabled.</summary>
    public IReadOnlyList<IPEndPoint> TcpEndPoints => _tcp?.LocalEndPoints ?? [];

    /// <summary>TCP media connections open now.</summary>
    public int TcpConnectionCount => _tcp?.ConnectionCount ?? 0;

    /// <summary>TCP media connections closed at accept for being over the total or per-address cap.</summary>
    public long TcpConnectionsRefused => _tcp?.Refused ?? 0;

    /// <summary>TCP media connections closed for a zero or oversized frame length.</summary>
    public long TcpFramingErrors => _tcp?.FramingErrors ?? 0;

    /// <summary>TCP media connections closed for no valid ICE check within the handshake deadline.</summary>
    public long TcpHandshakeTimeouts => _tcp?.HandshakeTimeouts ?? 0;

    internal IMediaSocket Socket => _paths;

    /// <summary>Datagrams the media sockets could not send (the kernel refused them: buffer full, unreachable); dropped as UDP drops.</summary>
    public long SendFailures => _loop.SendFailures;

    /// <summary>Datagrams the media sockets received, of every kind (read from any thread; approximate while it runs).</summary>
    public long DatagramsReceived => _loop.DatagramsReceived;

    /// <summary>Datagrams dropped because no transport owns their source or kind (unsolicited or hostile traffic).</summary>
    public long UnroutedDatagrams => _registry.Unrouted;

    /// <summary>Transports open on the media thread (read from any thread; approximate while it runs).</summary>
    public int TransportCount => _registry.Count;

    /// <summary>Packets or timers whose handling threw on the media thread (logged; the thread goes on). Should stay 0.</summary>
    public long MediaThreadFailures => _loop.Failures;

    /// <summary>Rooms with media open on this node.</summary>
    public int RoomCount => _rooms.Count;

    /// <summary>Starts the media thread.</summary>
    public void Start()
    {
        _loop.Start();
        _tcp?.Start();
        if (Options.BindAddressOverridden)
        {
            LogBindAddressIgnored(Options.BindAddress!, string.Join(", ", Options.BindAddresses));
        }

        LogStarted(BindDescription, AnnouncedDescription);
        if (_tcp is not null)
        {
            LogTcpStarted(TcpDescription);
        }
    }

    /// <summary>
    /// The media of a room, created on first use; <paramref name="events"/> hears its tracks and offers. A room forgets
    /// itself when its last member leaves or it is closed.
    /// </summary>
    public MediaRoom GetOrCreateRoom(string roomKey, IMediaRoomEvents events) =>
        _rooms.GetOrAdd(roomKey, static (key, state) => new MediaRoom(key, state.Engine, state.Events), (Engine: this, Events: events));

    /// <summary>The media of a room, if it is open on this node (the control plane checks that its rooms close).</summary>
    public bool TryGetRoom(string roomKey, [NotNullWhen(true)] out MediaRoom? room) => _rooms.TryGetValue(roomKey, out room);

    internal void ForgetRoom(string roomKey, MediaRoom room) => _rooms.TryRemove(new KeyValuePair<string, MediaRoom>(roomKey, room));

    internal WebRtcTransport CreateTransport() =>
        new(Interlocked.Increment(ref _nextTransportId), _paths, Certificate, Time);

    /// <summary>Hands a publisher connection to the media thread.</summary>
    internal void Attach(PublisherConnection publisher) => _loop.Post(() =>
    {
        publisher.Transport.Sink = publisher;
        _registry.Add(publisher.Transport);
        _publishers.Add(publisher);
    });

    /// <summary>Hands a subscriber connection to the media thread.</summary>
    internal void Attach(SubscriberConnection subscriber) => _loop.Post(() =>
    {
        subscriber.Transport.Sink = subscriber;
        _registry.Add(subscriber.Transport);
        _subscribers.Add(subscriber);
    });

    /// <summary>Hands a relay and its first tracks to the media thread.</summary>
    internal void Attach(RelayPublisher relay, PublishedTrack[] tracks) => _loop.Post(() =>
    {
        relay.SetTracks(tracks);
        _relays.Add(relay);
    });

    /// <summary>Forgets a relay (any thread).</summary>
    internal void Detach(RelayPublisher relay) => _loop.Post(() => _relays.Remove(relay));

    /// <summary>Closes and forgets a connection's transport (any thread).</summary>
    internal void Detach(WebRtcTransport transport) => _loop.Post(() =>
    {
        transport.CloseOnMediaThread("closed by the server");
        _registry.Remove(transport);
        _publishers.RemoveAll(p => ReferenceEquals(p.Transport, transport));
        _subscribers.RemoveAll(s => ReferenceEquals(s.Transport, transport));
    });

    /// <summary>Runs on the media thread (any thread may call).</summary>
    internal void Post(Action action) => _loop.Post(action);

    private long Tick(long now)
    {
        _tcp?.FlushBacklog();
        for (var i = 0; i < _publishers.Count; i++)
        {
            _publishers[i].Tick(now);
        }

        for (var i = 0; i < _subscribers.Count; i++)
        {
            _subscribers[i].Tick(now);
        }

        for (var i = 0; i < _relays.Count; i++)
        {
            _relays[i].Tick(now);
        }

        return now + MediaClock.FromMilliseconds(10, Time.TimestampFrequency);
    }

    /// <summary>
    /// Binds the media socket. [::] is one dual-stack socket (IPv4 arrives v4-mapped); on a host without IPv6 it falls
    /// back to 0.0.0.0, so "all interfaces" works either way.
    /// </summary>
    private MediaLoop Bind(IPEndPoint bind, TimeProvider time, ILogger logger)
    {
        try
        {
            return new MediaLoop(bind, Options.SocketBufferBytes, _registry, time, logger);
        }
        catch (SocketException e) when (bind.Address.Equals(IPAddress.IPv6Any) && e.SocketErrorCode is SocketError.AddressFamilyNotSupported or SocketError.ProtocolNotSupported)
        {
            LogNoIPv6(bind.Port);
            return Bind(new IPEndPoint(IPAddress.Any, bind.Port), time, logger);
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.AddressAlreadyInUse or SocketError.AddressNotAvailable or SocketError.AccessDenied)
        {
            throw new InvalidOperationException(
                $"The media UDP port {bind} cannot be bound ({e.SocketErrorCode}): another server may be using it, or the address is not this machine's; "
                    + "choose another port with --media-port (0 picks a free one) or another address with --media-bind (OpenLive:Media:BindAddress).", e);
        }
    }

    /// <summary>
    /// Binds one media socket per address, all on one port: <paramref name="port"/>, or when it is 0 (tests) a port free
    /// on the first address, tried on all (a few times: another process may take it on another address meanwhile).
    /// </summary>
    private MediaLoop BindEach(IReadOnlyList<IPAddress> addresses, int port, TimeProvider time, ILogger logger)
    {
        for (var attempt = 1; ; attempt++)
        {
            var chosen = port == 0 ? FreeUdpPort(addresses[0]) : port;
            var binds = addresses.Select(a => new IPEndPoint(a, chosen)).ToList();
            try
            {
                return new MediaLoop(binds, Options.SocketBufferBytes, _registry, time, logger);
            }
            catch (SocketException e) when (port == 0 && attempt < 5 && e.SocketErrorCode == SocketError.AddressAlreadyInUse)
            {
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.AddressAlreadyInUse or SocketError.AddressNotAvailable or SocketError.AccessDenied)
            {
                throw new InvalidOperationException(
                    $"The media UDP port {chosen} cannot be bound on every address of {string.Join(", ", addresses)} ({e.SocketErrorCode}): another server may be using it, or an address is not this machine's; "
                        + "choose another port with --media-port (0 picks a free one) or other addresses with --media-bind (OpenLive:Media:BindAddresses).", e);
            }
        }
    }

    private static int FreeUdpPort(IPAddress address)
    {
        using var probe = new System.Net.Sockets.Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        probe.Bind(new IPEndPoint(address, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }

    /// <summary>Stops the media thread and closes the socket.</summary>
    public void Dispose()
    {
        _tcp?.Dispose();
        _loop.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Media: UDP {Endpoint}, announced {Candidates}")]
    private partial void LogStarted(string endpoint, string candidates);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Media: this host has no IPv6; binding 0.0.0.0:{Port} (IPv4 only) instead of [::]")]
    private partial void LogNoIPv6(int port);

    [LoggerMessage(Level = LogLevel.Information, Message = "Media: TCP {Endpoints} (ICE over TCP)")]
    private partial void LogTcpStarted(string endpoints);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Media: OpenLive:Media:BindAddress (--media-bind) '{BindAddress}' is ignored: OpenLive:Media:BindAddresses ({BindAddresses}) takes precedence")]
    private partial void LogBindAddressIgnored(string bindAddress, string bindAddresses);
}
