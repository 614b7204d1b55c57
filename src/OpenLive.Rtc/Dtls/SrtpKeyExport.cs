using System.Security.Cryptography;
using OpenLive.Rtc.Srtp;
using Org.BouncyCastle.Tls;

namespace OpenLive.Rtc.Dtls;

/// <summary>
/// Derives SRTP master keys from a finished DTLS handshake (RFC 5764 §4.2). The TLS exporter (RFC 5705) with the
/// label "EXTRACTOR-dtls_srtp" and no context yields 2 × (key + salt) bytes, laid out as
/// <code>
/// +---------------------+---------------------+----------------------+----------------------+
/// | client write key    | server write key    | client write salt    | server write salt    |
/// | (key_len bytes)     | (key_len bytes)     | (salt_len bytes)     | (salt_len bytes)     |
/// +---------------------+---------------------+----------------------+----------------------+
/// </code>
/// key_len is 16 for both our profiles; salt_len is 14 for AES-CM (RFC 3711) and 12 for AES-GCM (RFC 7714 §12).
/// The client protects its SRTP with the client key/salt and the server with the server key/salt.
/// </summary>
internal static class SrtpKeyExport
{
    /// <summary>The exporter label (RFC 5764 §4.2).</summary>
    public const string ExporterLabel = "EXTRACTOR-dtls_srtp";

    /// <summary>Bytes to export for a profile: 2 × (master key + master salt).</summary>
    public static int MaterialLength(SrtpProfile profile) => 2 * (profile.KeyLength() + profile.SaltLength());

    /// <summary>
    /// Runs the exporter on a handshake that just completed and splits the output. Only valid inside BouncyCastle's
    /// NotifyHandshakeComplete callback: the master secret is wiped when Accept/Connect returns.
    /// </summary>
    public static SrtpKeyingMaterial Export(TlsContext context, SrtpProfile profile, DtlsRole role)
    {
        var material = context.ExportKeyingMaterial(ExporterLabel, null, MaterialLength(profile));
        try
        {
            return Split(material, profile, role);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(material);
        }
    }

    /// <summary>
    /// Splits exporter output into this endpoint's keys: "local" (what we protect with) is the server half for
    /// <see cref="DtlsRole.Server"/> and the client half for <see cref="DtlsRole.Client"/>; "remote" is the other half.
    /// </summary>
    /// <exception cref="ArgumentException">The material is not exactly <see cref="MaterialLength"/> bytes.</exception>
    public static SrtpKeyingMaterial Split(ReadOnlySpan<byte> material, SrtpProfile profile, DtlsRole role)
    {
        var keyLength = profile.KeyLength();
        var saltLength = profile.SaltLength();
        if (material.Length != MaterialLength(profile))
        {
            throw new ArgumentException($"Expected {MaterialLength(profile)} bytes of exporter output for {profile}.", nameof(material));
        }

        var clientKey = material[..keyLength].ToArray();
        var serverKey = material.Slice(keyLength, keyLength).ToArray();
        var clientSalt = material.Slice(2 * keyLength, saltLength).ToArray();
        var serverSalt = material.Slice((2 * keyLength) + saltLength, saltLength).ToArray();
        return role == DtlsRole.Server
            ? new SrtpKeyingMaterial(profile, serverKey, serverSalt, clientKey, clientSalt)
            : new SrtpKeyingMaterial(profile, clientKey, clientSalt, serverKey, serverSalt);
    }
}
