namespace OpenLive.Rtc.Dtls;

/// <summary>Where a <see cref="DtlsTransport"/> sends its datagrams: the owner forwards them to the selected ICE candidate pair.</summary>
public interface IDtlsDatagramSender
{
    /// <summary>
    /// Sends one DTLS datagram (at most <see cref="DtlsTransportOptions.Mtu"/> bytes). Called from the handshake thread,
    /// from a thread-pool thread answering a retransmission, or from the caller of <see cref="DtlsTransport.Close"/>,
    /// so it must be thread-safe; it must not block for long. The span is only valid during the call. Like UDP, a
    /// datagram that cannot be sent should just be dropped: DTLS retransmits. Exceptions are caught and count as a drop.
    /// </summary>
    void Send(ReadOnlySpan<byte> datagram);
}
