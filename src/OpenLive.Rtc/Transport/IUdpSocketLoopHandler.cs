using System.Net;

namespace OpenLive.Rtc.Transport;

/// <summary>
/// What a <see cref="UdpSocketLoop"/> does with the datagrams and time it gets. Every method runs on the loop's thread,
/// so whatever the handler owns needs no lock on the packet path.
/// </summary>
public interface IUdpSocketLoopHandler
{
    /// <summary>
    /// A datagram arrived. <paramref name="datagram"/> is the loop's receive buffer and <paramref name="source"/> its
    /// reused address: both are valid only during the call, and the datagram may be modified in place (SRTP decrypts there).
    /// </summary>
    void OnDatagram(Span<byte> datagram, SocketAddress source);

    /// <summary>
    /// A datagram arrived on socket <paramref name="socket"/> (its index in the loop's binds): what the loop calls. A
    /// handler of a loop with several sockets overrides it to answer from the socket of arrival
    /// (<see cref="UdpSocketLoop.Send(int, ReadOnlySpan{byte}, SocketAddress)"/>); by default it is
    /// <see cref="OnDatagram(Span{byte}, SocketAddress)"/>.
    /// </summary>
    void OnDatagram(Span<byte> datagram, SocketAddress source, int socket) => OnDatagram(datagram, source);

    /// <summary>Periodic work (reports, NACKs, timeouts); <paramref name="now"/> and the result are timestamps of the loop's clock: the result is when the next tick is due.</summary>
    long OnTick(long now);

    /// <summary>A datagram's handling or a tick threw: a bug. The loop has counted it and goes on; log it here.</summary>
    void OnFailure(Exception exception);

    /// <summary>The thread is exiting: release what only it used.</summary>
    void OnStopped();
}
