using System.Net;
using System.Net.Sockets;
using OpenLive.Rtc.Stun;

namespace OpenLive.Turn;

/// <summary>
/// One TURN allocation (RFC 8656 §2.2): the client's link, its relay socket, permissions (by peer IP, 300 s) and channel
/// bindings (600 s). All state is guarded by the server's lock; the relay socket's receive loop reads it under that lock.
/// Times are <see cref="DateTimeOffset.UtcTicks"/> of the server's <see cref="TimeProvider"/>.
/// </summary>
internal sealed class Allocation(ClientLink client, Socket relay, IPEndPoint relayEndPoint, string username, string userId, IPAddress clientAddress)
{
    /// <summary>Permissions last 300 s (RFC 8656 §9).</summary>
    public static readonly TimeSpan PermissionLifetime = TimeSpan.FromSeconds(300);

    /// <summary>Channel bindings last 600 s (RFC 8656 §12).</summary>
    public static readonly TimeSpan ChannelLifetime = TimeSpan.FromSeconds(600);

    private readonly Dictionary<uint, long> permissions = [];
    private readonly Dictionary<ushort, (PeerKey Peer, SocketAddress Address, long Expires)> channels = [];
    private readonly Dictionary<PeerKey, ushort> channelByPeer = [];

    public ClientLink Client { get; } = client;

    public Socket Relay { get; } = relay;

    /// <summary>XOR-RELAYED-ADDRESS.</summary>
    public IPEndPoint RelayEndPoint { get; } = relayEndPoint;

    /// <summary>The USERNAME it was made with: later requests must use the same (441 otherwise).</summary>
    public string Username { get; } = username;

    public string UserId { get; } = userId;

    public IPAddress ClientAddress { get; } = clientAddress;

    public long ExpiresTicks { get; set; }

    /// <summary>The Allocate's transaction id, so a retransmitted Allocate gets the same success (RFC 8656 §7.2).</summary>
    public StunTransactionId AllocateTransaction { get; init; }

    public int LifetimeSeconds { get; set; }

    public bool Closed { get; private set; }

    public int PermissionCount => permissions.Count;

    public int ChannelCount => channels.Count;

    public void AddPermission(uint address, long now) => permissions[address] = now + PermissionLifetime.Ticks;

    public bool HasPermission(uint address, long now) => permissions.TryGetValue(address, out var expires) && expires > now;

    /// <summary>
    /// Binds or refreshes <paramref name="channel"/> to <paramref name="peer"/>; false when the channel is bound to
    /// another peer or the peer to another channel (400, RFC 8656 §12.2).
    /// </summary>
    public bool TryBindChannel(ushort channel, PeerKey peer, SocketAddress address, long now)
    {
        if (channels.TryGetValue(channel, out var bound) && bound.Peer != peer)
        {
            return false;
        }

        if (channelByPeer.TryGetValue(peer, out var other) && other != channel)
        {
            return false;
        }

        channels[channel] = (peer, address, now + ChannelLifetime.Ticks);
        channelByPeer[peer] = channel;
        AddPermission(peer.Address, now);
        return true;
    }

    /// <summary>The peer's socket address on a live channel (client → peer); the permission must be live too.</summary>
    public bool TryGetChannelPeer(ushort channel, long now, out SocketAddress? address)
    {
        address = null;
        if (!channels.TryGetValue(channel, out var bound) || bound.Expires <= now || !HasPermission(bound.Peer.Address, now))
        {
            return false;
        }

        address = bound.Address;
        return true;
    }

    /// <summary>The live channel bound to <paramref name="peer"/> (peer → client), if any.</summary>
    public bool TryGetChannel(PeerKey peer, long now, out ushort channel) =>
        channelByPeer.TryGetValue(peer, out channel) && channels.TryGetValue(channel, out var bound) && bound.Expires > now;

    /// <summary>Drops expired permissions and channels (the periodic sweep).</summary>
    public void Sweep(long now)
    {
        foreach (var (address, expires) in permissions)
        {
            if (expires <= now)
            {
                permissions.Remove(address);
            }
        }

        foreach (var (channel, bound) in channels)
        {
            if (bound.Expires <= now)
            {
                channels.Remove(channel);
                channelByPeer.Remove(bound.Peer);
            }
        }
    }

    /// <summary>Closes the relay socket (its receive loop ends).</summary>
    public void Close()
    {
        Closed = true;
        Relay.Dispose();
    }
}
