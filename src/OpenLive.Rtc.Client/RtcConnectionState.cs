namespace OpenLive.Rtc.Client;

/// <summary>Where an <see cref="RtcClientConnection"/> is, in the shape of the W3C RTCPeerConnectionState.</summary>
public enum RtcConnectionState
{
    /// <summary>Created; no remote description applied yet.</summary>
    New,

    /// <summary>ICE checks or the DTLS handshake are running.</summary>
    Connecting,

    /// <summary>ICE selected a pair, DTLS completed and SRTP keys are in place: media flows.</summary>
    Connected,

    /// <summary>ICE consent went unanswered for a while; may come back to <see cref="Connected"/>.</summary>
    Disconnected,

    /// <summary>Terminal: ICE found no working pair or lost consent, or the DTLS handshake failed.</summary>
    Failed,

    /// <summary>Terminal: closed by us or by the peer (DTLS close_notify).</summary>
    Closed,
}
