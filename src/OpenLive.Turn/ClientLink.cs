using System.Net;
using System.Net.Sockets;

namespace OpenLive.Turn;

/// <summary>
/// The way back to one TURN client: a UDP 5-tuple on the listening socket, or a TCP connection. Sends are synchronous
/// and never block: UDP datagrams are sent or dropped; a TCP connection that cannot take a message at once is closed
/// (its kernel buffer is the bounded queue).
/// </summary>
internal abstract class ClientLink
{
    /// <summary>The client's address as the server sees it (XOR-MAPPED-ADDRESS).</summary>
    public abstract IPEndPoint RemoteEndPoint { get; }

    /// <summary>True for TCP: ChannelData is padded to 4 bytes (RFC 8656 §12.5).</summary>
    public abstract bool IsStream { get; }

    /// <summary>Sends one whole message (STUN or ChannelData, already padded on streams); never throws.</summary>
    public abstract void Send(ReadOnlySpan<byte> message);

    /// <summary>The IP bytes of the client (nonces are bound to them).</summary>
    public int WriteAddress(Span<byte> destination)
    {
        RemoteEndPoint.Address.TryWriteBytes(destination, out var written);
        return written;
    }
}

/// <summary>A UDP client: datagrams to its address from the listening socket.</summary>
internal sealed class UdpClientLink(Socket listener, SocketAddress address) : ClientLink
{
    // Create checks the family: an IPv6 (dual-mode) listener hands over IPv6 socket addresses.
    private readonly IPEndPoint remote = (IPEndPoint)new IPEndPoint(
        address.Family == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0).Create(address);

    /// <summary>The client's socket address (the allocation table's key).</summary>
    public SocketAddress Address { get; } = address;

    public override IPEndPoint RemoteEndPoint => remote;

    public override bool IsStream => false;

    public override void Send(ReadOnlySpan<byte> message)
    {
        try
        {
            listener.SendTo(message, SocketFlags.None, Address);
        }
        catch (SocketException)
        {
            // UDP: a send that fails (ICMP unreachable reported, buffer full) is a lost datagram, as on the wire.
        }
        catch (ObjectDisposedException)
        {
            // Stopping.
        }
    }
}
