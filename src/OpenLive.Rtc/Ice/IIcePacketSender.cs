using System.Net;

namespace OpenLive.Rtc.Ice;

/// <summary>
/// How an <see cref="IceAgent"/> puts STUN on the wire: the owner's sockets, or a fake network in tests. Called
/// under the agent's lock, so it must not block or call back into the agent; a UDP send is fine.
/// </summary>
public interface IIcePacketSender
{
    /// <summary>Sends <paramref name="packet"/> (only valid during the call) to <paramref name="remote"/> from the socket <paramref name="localSocketId"/>.</summary>
    void Send(ReadOnlySpan<byte> packet, IPEndPoint remote, int localSocketId);
}
