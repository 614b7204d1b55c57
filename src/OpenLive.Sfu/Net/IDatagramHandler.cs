using System.Net;

namespace OpenLive.Sfu.Net;

/// <summary>What the media thread does with the datagrams and time it gets. Called only on the media thread.</summary>
internal interface IDatagramHandler
{
    /// <summary>A datagram arrived. <paramref name="packet"/> is the loop's receive buffer: valid only during the call, may be modified in place.</summary>
    void OnDatagram(Span<byte> packet, SocketAddress from);

    /// <summary>Periodic work (reports, retransmission requests, timeouts); returns the timestamp of the next due work.</summary>
    long OnTick(long now);
}
