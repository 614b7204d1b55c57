namespace OpenLive.Rtc.Dtls;

/// <summary>Which end of the DTLS handshake this endpoint plays (RFC 5763 §5: decided by the SDP <c>a=setup</c> attribute).</summary>
public enum DtlsRole
{
    /// <summary>
    /// DTLS client: sends the ClientHello. This is <c>a=setup:active</c>; our .NET client stack uses it
    /// when it answers or is answered by the SFU.
    /// </summary>
    Client,

    /// <summary>
    /// DTLS server: waits for the ClientHello. This is <c>a=setup:passive</c>; the SFU takes it when it answers
    /// a browser's <c>actpass</c> offer.
    /// </summary>
    Server,
}
