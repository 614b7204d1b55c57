namespace OpenLive.Rtc.Dtls;

/// <summary>A DTLS handshake that did not complete; <see cref="Reason"/> says why.</summary>
public sealed class DtlsHandshakeException : Exception
{
    /// <summary>Creates a failure with an unknown cause (<see cref="DtlsFailureReason.ProtocolError"/>).</summary>
    public DtlsHandshakeException()
        : this(DtlsFailureReason.ProtocolError, null, "DTLS handshake failed.", null)
    {
    }

    /// <summary>Creates a failure with an unknown cause (<see cref="DtlsFailureReason.ProtocolError"/>).</summary>
    public DtlsHandshakeException(string message)
        : this(DtlsFailureReason.ProtocolError, null, message, null)
    {
    }

    /// <summary>Creates a failure with an unknown cause (<see cref="DtlsFailureReason.ProtocolError"/>).</summary>
    public DtlsHandshakeException(string message, Exception? innerException)
        : this(DtlsFailureReason.ProtocolError, null, message, innerException)
    {
    }

    /// <summary>Creates a failure.</summary>
    /// <param name="reason">Why it failed.</param>
    /// <param name="alert">The TLS alert description (RFC 5246 §7.2) received or sent, if any.</param>
    /// <param name="message">A human-readable account.</param>
    /// <param name="innerException">BouncyCastle's exception, if any.</param>
    public DtlsHandshakeException(DtlsFailureReason reason, byte? alert, string message, Exception? innerException)
        : base(message, innerException)
    {
        Reason = reason;
        Alert = alert;
    }

    /// <summary>Why the handshake failed.</summary>
    public DtlsFailureReason Reason { get; }

    /// <summary>The alert description received (<see cref="DtlsFailureReason.AlertReceived"/>) or sent (other reasons), if any; e.g. 42 bad_certificate.</summary>
    public byte? Alert { get; }
}
