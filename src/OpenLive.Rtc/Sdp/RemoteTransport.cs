using System.Diagnostics.CodeAnalysis;
using OpenLive.Rtc.Dtls;

namespace OpenLive.Rtc.Sdp;

/// <summary>
/// The peer's transport parameters from its SDP, as both endpoints read them: ICE credentials and candidates, whether
/// it is ICE-lite, its certificate fingerprints and DTLS setup. With BUNDLE they are read from the one section that
/// carries the bundled transport (RFC 8843 §7.1: the offerer's tagged section, or the first accepted section of an
/// answer), falling back to session-level attributes, as RFC 8839 §5.4 and RFC 8122 §5 allow.
/// </summary>
/// <param name="Ufrag">The peer's ICE username fragment.</param>
/// <param name="Password">The peer's ICE password.</param>
/// <param name="Fingerprints">The peer's certificate fingerprints, as written (see <see cref="UsableFingerprints"/>).</param>
/// <param name="Setup">The peer's <c>a=setup</c>, null when absent.</param>
/// <param name="IceLite">Whether the peer declared <c>a=ice-lite</c>.</param>
/// <param name="Candidates">The transport section's candidates.</param>
/// <param name="EndOfCandidates">Whether the peer will trickle no more candidates (<c>a=end-of-candidates</c>).</param>
public sealed record RemoteTransport(
    string Ufrag,
    string Password,
    IReadOnlyList<Fingerprint> Fingerprints,
    DtlsSetup? Setup,
    bool IceLite,
    IReadOnlyList<IceCandidate> Candidates,
    bool EndOfCandidates)
{
    /// <summary>
    /// Reads the transport of <paramref name="section"/> in <paramref name="description"/>: false with the reason when
    /// ICE credentials or fingerprints are missing (DTLS-SRTP cannot start without them). Grammar beyond presence is the
    /// caller's to check: a client agent validates the credentials, an ICE-lite server only compares the ufrag.
    /// </summary>
    public static bool TryRead(SessionDescription description, MediaDescription section, [NotNullWhen(true)] out RemoteTransport? transport, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(description);
        ArgumentNullException.ThrowIfNull(section);
        transport = null;
        var ufrag = section.IceUfrag ?? description.IceUfrag;
        var password = section.IcePwd ?? description.IcePwd;
        if (ufrag is null || password is null)
        {
            error = "the remote description has no a=ice-ufrag / a=ice-pwd";
            return false;
        }

        var fingerprints = section.Fingerprints.Count > 0 ? section.Fingerprints : description.Fingerprints;
        if (fingerprints.Count == 0)
        {
            error = "the remote description has no a=fingerprint (DTLS-SRTP needs one)";
            return false;
        }

        transport = new RemoteTransport(
            ufrag,
            password,
            fingerprints,
            section.Setup ?? description.Setup,
            description.IceLite || section.IceLite,
            section.Candidates,
            section.EndOfCandidates || description.EndOfCandidates);
        error = null;
        return true;
    }

    /// <summary>
    /// The DTLS setup of an answerer that would rather be connected to (RFC 8842 §5.3), as an ICE-lite server does:
    /// passive for an offerer's actpass, active or nothing (so the offerer connects), active for a passive one; null for
    /// holdconn, which no endpoint here supports. (A full client answering takes active instead, as JSEP suggests.)
    /// </summary>
    public DtlsSetup? AnswererSetup => Setup switch
    {
        DtlsSetup.Passive => DtlsSetup.Active,
        DtlsSetup.HoldConn => null,
        _ => DtlsSetup.Passive,
    };

    /// <summary>The fingerprints DTLS can check; hash functions it cannot (md5, sha-224, unknown) are skipped, not fatal (RFC 8122 §5).</summary>
    public IReadOnlyList<DtlsFingerprint> UsableFingerprints()
    {
        var usable = new List<DtlsFingerprint>(Fingerprints.Count);
        foreach (var fingerprint in Fingerprints)
        {
            if (DtlsFingerprint.TryParse($"{fingerprint.HashFunction} {fingerprint.Value}", out var parsed))
            {
                usable.Add(parsed);
            }
        }

        return usable;
    }
}
