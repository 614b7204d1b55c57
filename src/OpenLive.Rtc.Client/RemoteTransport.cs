using System.Diagnostics.CodeAnalysis;
using OpenLive.Rtc.Dtls;
using OpenLive.Rtc.Sdp;

namespace OpenLive.Rtc.Client;

/// <summary>
/// The peer's transport parameters from its SDP: ICE credentials and candidates, whether it is ICE-lite, its
/// certificate fingerprints and DTLS role. With BUNDLE they are read from one section — the one that carries the
/// bundled transport (RFC 8843 §7.1: the offerer's tag, or the first accepted section of an answer) — falling back
/// to session-level attributes, as RFC 8839 and RFC 8122 allow.
/// </summary>
internal sealed record RemoteTransport(
    string Ufrag,
    string Password,
    IReadOnlyList<DtlsFingerprint> Fingerprints,
    DtlsSetup? Setup,
    bool IceLite,
    IReadOnlyList<string> Candidates,
    bool EndOfCandidates)
{
    public static bool TryRead(SessionDescription description, MediaDescription section, [NotNullWhen(true)] out RemoteTransport? transport, [NotNullWhen(false)] out string? error)
    {
        transport = null;
        var ufrag = section.IceUfrag ?? description.IceUfrag;
        var password = section.IcePwd ?? description.IcePwd;
        if (ufrag is null || password is null)
        {
            error = "the remote description has no a=ice-ufrag / a=ice-pwd";
            return false;
        }

        if (!Ice.IceCredentials.TryCreate(ufrag, password, out _))
        {
            error = "the remote ICE credentials break RFC 8839's grammar (ufrag 4..256, password 22..256 ice-chars)";
            return false;
        }

        var fingerprints = new List<DtlsFingerprint>();
        foreach (var fingerprint in section.Fingerprints.Count > 0 ? section.Fingerprints : description.Fingerprints)
        {
            // Hash functions we cannot check (md5, sha-224, unknown) are skipped, not fatal (RFC 8122 §5).
            if (DtlsFingerprint.TryParse($"{fingerprint.HashFunction} {fingerprint.Value}", out var parsed))
            {
                fingerprints.Add(parsed);
            }
        }

        if (fingerprints.Count == 0)
        {
            error = "the remote description has no usable a=fingerprint (DTLS-SRTP needs one)";
            return false;
        }

        var candidates = new List<string>();
        foreach (var candidate in section.Candidates)
        {
            // The agent resolves no names: mDNS (.local) candidates are skipped, as RFC 8445 §5.1.1 allows.
            if (candidate.IsUdp && candidate.Component == 1 && !candidate.IsMdns)
            {
                candidates.Add(candidate.ToString());
            }
        }

        transport = new RemoteTransport(
            ufrag,
            password,
            fingerprints,
            section.Setup ?? description.Setup,
            description.IceLite || section.IceLite,
            candidates,
            section.EndOfCandidates || description.EndOfCandidates);
        error = null;
        return true;
    }
}
