namespace OpenLive.Sfu.Net;

/// <summary>Why the server closed (or lost) a TCP media connection; each has its counter.</summary>
internal enum TcpCloseReason
{
    /// <summary>The client closed it, or it failed (reset, send error).</summary>
    ClosedByClient,

    /// <summary>A zero or oversized RFC 4571 length: not ICE-TCP, or hostile.</summary>
    FramingError,

    /// <summary>No valid ICE check with a known ufrag within the handshake deadline.</summary>
    HandshakeTimeout,

    /// <summary>The transport it served closed.</summary>
    TransportClosed,

    /// <summary>The server is stopping.</summary>
    ServerStopping,
}
