using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using OpenLive.Rtc.Stun;

namespace OpenLive.Turn;

/// <summary>
/// The embedded TURN server (RFC 8656): clients reach it over UDP or TCP, allocations relay over UDP (IPv4) and only to
/// this node's media endpoints (<see cref="RelayPolicy"/>); credentials are the TURN REST API scheme
/// (<see cref="TurnCredentials"/>). TLS is not offered: clients that need TCP/443 through a proxy use an operator's coturn.
/// <para>
/// Threads: the UDP listener, each TCP connection and each allocation's relay socket run an async receive loop; shared
/// state (the allocation tables, permissions, channels, counts) is behind one lock held only for lookups, never while
/// sending. The relay path (ChannelData, Send/Data indications) allocates nothing.
/// </para>
/// </summary>
public sealed partial class TurnServer : IDisposable
{
    /// <summary>Default allocation lifetime (RFC 8656 §7.2).</summary>
    public const int DefaultLifetimeSeconds = 600;

    /// <summary>Longest lifetime granted (RFC 8656 §7.2 recommends at most 3600 s).</summary>
    public const int MaxLifetimeSeconds = 3600;

    /// <summary>Kernel buffers of the client-facing UDP socket.</summary>
    public const int UdpSocketBufferBytes = 4 * 1024 * 1024;

    /// <summary>Largest UDP datagram handled from a client; longer ones are dropped.</summary>
    public const int MaxDatagram = 4096;

    private readonly Lock gate = new();
    private readonly EmbeddedTurnOptions options;
    private readonly TimeProvider time;
    private readonly ILogger<TurnServer> logger;
    private readonly TurnCredentials credentials;
    private readonly TurnNonces nonces;
    private readonly RelayPolicy policy;
    private readonly IPAddress relayAddress;
    private readonly Socket udp;
    private readonly Socket? tcp;
    private readonly Dictionary<SocketAddress, Allocation> udpAllocations = [];
    private readonly List<Allocation> allocations = [];
    private readonly Dictionary<string, int> allocationsPerUser = new(StringComparer.Ordinal);
    private readonly Dictionary<IPAddress, int> allocationsPerAddress = [];
    private readonly Dictionary<IPAddress, int> tcpPerAddress = [];
    private readonly CancellationTokenSource stopping = new();
    private readonly int firstRelayPort;
    private readonly int lastRelayPort;
    private int nextRelayPort;
    private int tcpConnections;
    private ITimer? sweepTimer;
    private readonly string startupText;
    private bool started;

    /// <summary>
    /// Binds the listeners (the loops start with <see cref="Start"/>). <paramref name="mediaEndpoints"/> are the only
    /// peers the relay may reach: the SFU's UDP endpoints on this node's addresses, as announced in its candidates.
    /// </summary>
    public TurnServer(EmbeddedTurnOptions options, IEnumerable<IPEndPoint> mediaEndpoints, TimeProvider time, ILogger<TurnServer> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(mediaEndpoints);
        this.options = options;
        this.time = time ?? throw new ArgumentNullException(nameof(time));
        this.logger = logger ?? throw new ArgumentNullException(nameof(logger));
        if (options.Secret is not { Length: >= EmbeddedTurnOptions.MinSecretLength } secret)
        {
            throw new ArgumentException($"The TURN secret must have at least {EmbeddedTurnOptions.MinSecretLength} characters.", nameof(options));
        }

        if (!options.TryGetRelayPorts(out firstRelayPort, out lastRelayPort))
        {
            throw new ArgumentException("RelayPortRange is not 'first-last'.", nameof(options));
        }

        var endpoints = mediaEndpoints.ToArray();
        credentials = new TurnCredentials(secret, options.Realm);
        nonces = new TurnNonces(time, options.NonceLifetime);
        policy = new RelayPolicy(endpoints);
        nextRelayPort = firstRelayPort;

        var bind = string.IsNullOrEmpty(options.BindAddress) ? IPAddress.Any : IPAddress.Parse(options.BindAddress);
        relayAddress = !string.IsNullOrEmpty(options.RelayAddress) ? IPAddress.Parse(options.RelayAddress)
            : !bind.Equals(IPAddress.Any) && !bind.Equals(IPAddress.IPv6Any) ? bind
            : endpoints.Select(e => e.Address).FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? IPAddress.Loopback;

        udp = new Socket(bind.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            // Every client's media comes through this one socket: room for bursts (the kernel caps it at rmem_max).
            udp.ReceiveBufferSize = UdpSocketBufferBytes;
            udp.SendBufferSize = UdpSocketBufferBytes;
            udp.Bind(new IPEndPoint(bind, options.UdpPort));
            if (options.TcpPort >= 0)
            {
                tcp = new Socket(bind.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                tcp.Bind(new IPEndPoint(bind, options.TcpPort));
                tcp.Listen(128);
            }
        }
        catch
        {
            udp.Dispose();
            tcp?.Dispose();
            throw;
        }

        UdpEndPoint = (IPEndPoint)udp.LocalEndPoint!;
        TcpEndPoint = (IPEndPoint?)tcp?.LocalEndPoint;
        var host = bind.Equals(IPAddress.Any) || bind.Equals(IPAddress.IPv6Any) ? relayAddress : bind;
        var hostText = host.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{host}]" : host.ToString();
        var urls = new List<string> { string.Create(CultureInfo.InvariantCulture, $"turn:{hostText}:{UdpEndPoint.Port}?transport=udp") };
        if (TcpEndPoint is not null)
        {
            urls.Add(string.Create(CultureInfo.InvariantCulture, $"turn:{hostText}:{TcpEndPoint.Port}?transport=tcp"));
        }

        Urls = urls;
        startupText = $"{string.Join(", ", urls)}; relaying only to {string.Join(", ", policy.Endpoints)}";
    }

    /// <summary>The UDP listener's address.</summary>
    public IPEndPoint UdpEndPoint { get; }

    /// <summary>The TCP listener's address, or null when TCP is off.</summary>
    public IPEndPoint? TcpEndPoint { get; }

    /// <summary>
    /// The <c>turn:</c> URLs this server answers on (UDP, then TCP), for the ICE servers clients are given; the
    /// credentials are the TURN REST API ones made with <c>OpenLive:Turn:Secret</c>.
    /// </summary>
    public IReadOnlyList<string> Urls { get; }

    /// <summary>The media endpoints the relay may reach.</summary>
    public IEnumerable<IPEndPoint> AllowedPeers => policy.Endpoints;

    /// <summary>Live allocations.</summary>
    public int AllocationCount
    {
        get
        {
            lock (gate)
            {
                return allocations.Count;
            }
        }
    }

    /// <summary>Open TCP client connections.</summary>
    public int TcpConnectionCount => Volatile.Read(ref tcpConnections);

    /// <summary>Starts the receive loops and the expiry sweep.</summary>
    public void Start()
    {
        if (started)
        {
            return;
        }

        started = true;
        _ = Task.Run(UdpLoopAsync);
        if (tcp is not null)
        {
            _ = Task.Run(AcceptLoopAsync);
        }

        sweepTimer = time.CreateTimer(static s => ((TurnServer)s!).Sweep(), this, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        LogStarted(logger, startupText, options.RelayPortRange);
    }

    /// <summary>Stops the loops and releases every allocation.</summary>
    public void Dispose()
    {
        stopping.Cancel();
        sweepTimer?.Dispose();
        udp.Dispose();
        tcp?.Dispose();
        lock (gate)
        {
            foreach (var allocation in allocations)
            {
                allocation.Close();
            }

            allocations.Clear();
            udpAllocations.Clear();
            allocationsPerUser.Clear();
            allocationsPerAddress.Clear();
        }

        stopping.Dispose();
    }

    private async Task UdpLoopAsync()
    {
        var buffer = new byte[65536];
        var response = new byte[MaxDatagram];
        var from = new SocketAddress(udp.AddressFamily);
        while (!stopping.IsCancellationRequested)
        {
            int received;
            try
            {
                received = await udp.ReceiveFromAsync(buffer, SocketFlags.None, from, stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                continue; // ICMP errors of earlier sends surface here on some platforms.
            }

            try
            {
                if (received <= MaxDatagram)
                {
                    HandleUdpDatagram(buffer.AsSpan(0, received), from, response);
                }
            }
#pragma warning disable CA1031 // One bad datagram must not stop the listener; the failure is logged.
            catch (Exception e)
#pragma warning restore CA1031
            {
                LogPacketFailed(logger, e);
            }
        }
    }

    private async Task AcceptLoopAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await tcp!.AcceptAsync(stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                continue;
            }

            var address = ((IPEndPoint)client.RemoteEndPoint!).Address;
            // The allocation deadline starts before the connection is counted: whoever sees it counted (an operator, a
            // test advancing a fake clock) finds its deadline already running.
            var deadline = new CancellationTokenSource(options.TcpAllocationTimeout, time);
            bool admitted;
            lock (gate)
            {
                tcpPerAddress.TryGetValue(address, out var count);
                admitted = tcpConnections < options.MaxTcpConnections && count < options.MaxTcpConnectionsPerAddress;
                if (admitted)
                {
                    tcpPerAddress[address] = count + 1;
                    tcpConnections++;
                }
            }

            if (!admitted)
            {
                deadline.Dispose();
                LogTcpRefused(logger, address);
                client.Dispose();
                continue;
            }

            _ = Task.Run(() => RunTcpAsync(client, address, deadline));
        }
    }

    private async Task RunTcpAsync(Socket client, IPAddress address, CancellationTokenSource deadline)
    {
        TurnTcpConnection? connection = null;
        try
        {
            connection = new TurnTcpConnection(client);
            await connection.RunAsync(HandleTcpFrame, deadline, stopping.Token).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A failing connection is closed and logged; the listener goes on.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogPacketFailed(logger, e);
        }
        finally
        {
            deadline.Dispose(); // Normally RunAsync's; here too when the connection failed before it ran.
            client.Dispose();
            lock (gate)
            {
                // RFC 8656 §3.1: the allocation of a TCP client ends with its connection.
                if (connection?.Allocation is { } allocation)
                {
                    RemoveLocked(allocation);
                }

                tcpConnections--;
                if (tcpPerAddress.TryGetValue(address, out var count) && count > 1)
                {
                    tcpPerAddress[address] = count - 1;
                }
                else
                {
                    tcpPerAddress.Remove(address);
                }
            }
        }
    }

    private void Sweep()
    {
        var now = time.GetUtcNow().UtcTicks;
        lock (gate)
        {
            for (var i = allocations.Count - 1; i >= 0; i--)
            {
                var allocation = allocations[i];
                if (allocation.ExpiresTicks <= now)
                {
                    LogExpired(logger, allocation.RelayEndPoint);
                    RemoveLocked(allocation);
                    (allocation.Client as TurnTcpConnection)?.Dispose(); // a TCP client's connection ends with its allocation
                }
                else
                {
                    allocation.Sweep(now);
                }
            }
        }
    }

    /// <summary>Forgets an allocation and closes its relay socket; caller holds the lock.</summary>
    private void RemoveLocked(Allocation allocation)
    {
        if (!allocations.Remove(allocation))
        {
            return;
        }

        allocation.Close();
        switch (allocation.Client)
        {
            case UdpClientLink link:
                udpAllocations.Remove(link.Address);
                break;
            case TurnTcpConnection connection when connection.Allocation == allocation:
                connection.Allocation = null;
                break;
        }

        Decrement(allocationsPerUser, allocation.UserId);
        Decrement(allocationsPerAddress, allocation.ClientAddress);
    }

    private static void Decrement<TKey>(Dictionary<TKey, int> counts, TKey key)
        where TKey : notnull
    {
        if (counts.TryGetValue(key, out var count) && count > 1)
        {
            counts[key] = count - 1;
        }
        else
        {
            counts.Remove(key);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "TURN: listening on {Listeners}; relay ports {Ports}")]
    private static partial void LogStarted(ILogger logger, string listeners, string ports);

    [LoggerMessage(Level = LogLevel.Warning, Message = "TURN: a packet failed; the server goes on")]
    private static partial void LogPacketFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "TURN: TCP connection from {Address} refused (connection caps)")]
    private static partial void LogTcpRefused(ILogger logger, IPAddress address);

    [LoggerMessage(Level = LogLevel.Debug, Message = "TURN: allocation {Relay} expired")]
    private static partial void LogExpired(ILogger logger, IPEndPoint relay);

    [LoggerMessage(Level = LogLevel.Debug, Message = "TURN: allocation {Relay} for user {UserId} from {Client}")]
    private static partial void LogAllocated(ILogger logger, IPEndPoint relay, string userId, IPEndPoint client);

    [LoggerMessage(Level = LogLevel.Debug, Message = "TURN: {Method} from {Client} refused with {Code}")]
    private static partial void LogRefused(ILogger logger, StunMethod method, IPEndPoint client, int code);
}
