namespace OpenLive.Sfu.Transports;

/// <summary>Where a transport is in its life.</summary>
internal enum TransportState
{
    /// <summary>Waiting for the client's first valid ICE check.</summary>
    New,

    /// <summary>ICE checks arrive; DTLS is being negotiated.</summary>
    Connecting,

    /// <summary>DTLS is done: SRTP flows.</summary>
    Connected,

    /// <summary>Closed (by either side, a failed handshake or lapsed consent); never reopened.</summary>
    Closed,
}
