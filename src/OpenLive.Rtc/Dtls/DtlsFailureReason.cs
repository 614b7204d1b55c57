namespace OpenLive.Rtc.Dtls;

/// <summary>Why a DTLS handshake failed.</summary>
public enum DtlsFailureReason
{
    /// <summary>The handshake did not finish within <see cref="DtlsTransportOptions.HandshakeTimeout"/> (peer silent or path lossy).</summary>
    Timeout,

    /// <summary>The peer's certificate does not hash to any fingerprint from its SDP (or it sent none); we sent bad_certificate.</summary>
    FingerprintMismatch,

    /// <summary>The peers share no SRTP protection profile, or the peer did not negotiate use_srtp at all.</summary>
    NoCommonSrtpProfile,

    /// <summary>The peer sent a fatal alert; <see cref="DtlsHandshakeException.Alert"/> tells which.</summary>
    AlertReceived,

    /// <summary>The peer broke the protocol (or nothing was negotiable); we sent the alert in <see cref="DtlsHandshakeException.Alert"/>.</summary>
    ProtocolError,

    /// <summary>The transport was closed or disposed before the handshake finished.</summary>
    Aborted,
}
