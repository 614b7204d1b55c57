using OpenLive.Rtc.Srtp;

namespace OpenLive.Rtc.Dtls;

/// <summary>What a completed DTLS-SRTP handshake yields.</summary>
/// <param name="Keys">The SRTP master keys and salts, already oriented for this endpoint (local = ours to protect with).</param>
/// <param name="CipherSuite">The negotiated DTLS cipher suite's IANA id, e.g. 0xC02B for TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 (diagnostics only).</param>
/// <param name="RemoteCertificate">The DER of the peer's certificate, which matched its SDP fingerprint.</param>
public sealed record DtlsHandshakeResult(SrtpKeyingMaterial Keys, ushort CipherSuite, byte[] RemoteCertificate)
{
    /// <summary>The negotiated SRTP protection profile.</summary>
    public SrtpProfile Profile => Keys.Profile;
}
