using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using OpenLive.Server.Hosting;

namespace OpenLive.Server.Edges.Signaling;

/// <summary>
/// Caps on open signaling connections, checked before the WebSocket upgrade: at most
/// <see cref="ServerOptions.MaxConnectionsPerIp"/> from one client address (an IPv6 client is counted per /64, the
/// smallest network one host usually gets) and <see cref="ServerOptions.MaxConnections"/> on the node. One host cannot
/// hold the node's sockets, memory and sessions, and the node refuses what it cannot serve instead of degrading for all.
/// </summary>
internal sealed class SignalingConnectionLimits(IOptions<ServerOptions> options)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<IPAddress, int> _perAddress = [];
    private int _total;

    /// <summary>Takes a place for a connection from <paramref name="remote"/>; the refusal reason (a metric label) when there is none.</summary>
    public bool TryAdmit(IPAddress? remote, out ConnectionPlace place, [NotNullWhen(false)] out string? refusal)
    {
        var limits = options.Value;
        var key = Key(remote);
        lock (_gate)
        {
            if (_total >= limits.MaxConnections)
            {
                place = default;
                refusal = "total_limit";
                return false;
            }

            var count = _perAddress.GetValueOrDefault(key);
            if (count >= limits.MaxConnectionsPerIp)
            {
                place = default;
                refusal = "per_ip_limit";
                return false;
            }

            _perAddress[key] = count + 1;
            _total++;
        }

        place = new ConnectionPlace(this, key);
        refusal = null;
        return true;
    }

    private void Release(IPAddress key)
    {
        lock (_gate)
        {
            _total--;
            var count = _perAddress[key] - 1;
            if (count == 0)
            {
                _perAddress.Remove(key); // an address that left takes no memory
            }
            else
            {
                _perAddress[key] = count;
            }
        }
    }

    /// <summary>The counted address: IPv4 as it is (also when mapped into IPv6), IPv6 by its /64 prefix.</summary>
    private static IPAddress Key(IPAddress? remote)
    {
        if (remote is null)
        {
            return IPAddress.None; // not a socket (an in-memory test host): one shared bucket
        }

        if (remote.IsIPv4MappedToIPv6)
        {
            return remote.MapToIPv4();
        }

        if (remote.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return remote;
        }

        Span<byte> bytes = stackalloc byte[16];
        remote.TryWriteBytes(bytes, out _);
        bytes[8..].Clear();
        return new IPAddress(bytes);
    }

    /// <summary>A connection's place; disposing it frees the place (once).</summary>
    internal struct ConnectionPlace(SignalingConnectionLimits limits, IPAddress key) : IDisposable
    {
        private SignalingConnectionLimits? _limits = limits;

        public void Dispose()
        {
            Interlocked.Exchange(ref _limits, null)?.Release(key);
        }
    }
}
