namespace OpenLive.Rtc.Srtp;

/// <summary>
/// Master keys for one DTLS-SRTP association, split from the DTLS exporter output
/// (label "EXTRACTOR-dtls_srtp", RFC 5764 §4.2: client key, server key, client salt, server salt).
/// "Local" is what this endpoint protects with; "remote" is what it unprotects with.
/// </summary>
public sealed record SrtpKeyingMaterial(
    SrtpProfile Profile,
    byte[] LocalMasterKey,
    byte[] LocalMasterSalt,
    byte[] RemoteMasterKey,
    byte[] RemoteMasterSalt);
