namespace OpenLive.Rtc.Dtls;

/// <summary>Where a <see cref="DtlsTransport"/> is in its life.</summary>
public enum DtlsTransportState
{
    /// <summary>Created; <see cref="DtlsTransport.StartAsync"/> not called yet.</summary>
    New,

    /// <summary>The handshake is running.</summary>
    Connecting,

    /// <summary>The handshake completed; SRTP keys are available. DTLS stays alive for retransmissions and close_notify.</summary>
    Connected,

    /// <summary>Closed by either side after connecting, or closed before starting.</summary>
    Closed,

    /// <summary>The handshake failed, timed out or was aborted.</summary>
    Failed,
}
