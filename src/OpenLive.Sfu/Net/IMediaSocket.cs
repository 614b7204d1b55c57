using System.Net;

namespace OpenLive.Sfu.Net;

/// <summary>The node's media socket as transports see it: send a datagram, or run something on the media thread.</summary>
internal interface IMediaSocket
{
    /// <summary>Sends one datagram; safe from any thread; failures are counted, never thrown.</summary>
    void Send(ReadOnlySpan<byte> datagram, SocketAddress to);

    /// <summary>Runs <paramref name="action"/> on the media thread soon.</summary>
    void Post(Action action);

    /// <summary>
    /// When the datagram being handled reached the node (the kernel's receive time on the media clock), read on the media
    /// thread while handling it; 0 when unknown (a TCP frame, or a platform without kernel timestamps).
    /// </summary>
    long CurrentArrival { get; }
}
