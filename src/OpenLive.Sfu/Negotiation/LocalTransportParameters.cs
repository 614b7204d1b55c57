using System.Globalization;
using System.Net;
using OpenLive.Rtc.Sdp;

namespace OpenLive.Sfu.Negotiation;

/// <summary>
/// What the SFU's side of a connection puts in its SDP: ICE-lite credentials, the DTLS fingerprint and role, and one
/// host candidate per announced address on the node's single UDP port (an ICE-lite agent has nothing to trickle), and
/// beside each a passive TCP candidate on the TCP media port (<paramref name="TcpPort"/>, RFC 6544) when it is served.
/// </summary>
internal sealed record LocalTransportParameters(string IceUfrag, string IcePassword, string SdpFingerprint, IReadOnlyList<IPEndPoint> Candidates, int? TcpPort = null)
{
    /// <summary>RFC 6544 §4.2 direction preference of a passive host candidate.</summary>
    private const uint PassiveDirectionPreference = 4;

    /// <summary>Writes ICE, DTLS and candidates into a section (<paramref name="setup"/>: passive when answering, actpass when offering).</summary>
    public void ApplyTo(MediaDescription section, DtlsSetup setup)
    {
        section.IceUfrag = IceUfrag;
        section.IcePwd = IcePassword;
        var space = SdpFingerprint.IndexOf(' ', StringComparison.Ordinal);
        section.Fingerprints.Add(new Fingerprint(SdpFingerprint[..space], SdpFingerprint[(space + 1)..]));
        section.Setup = setup;
        if (Candidates.Count > 0)
        {
            section.Port = Candidates[0].Port;
            section.Connection = ConnectionData.FromAddress(Candidates[0].Address);
        }

        for (var i = 0; i < Candidates.Count; i++)
        {
            var endpoint = Candidates[i];
            section.Candidates.Add(new IceCandidate
            {
                Foundation = (i + 1).ToString(CultureInfo.InvariantCulture),
                Component = 1,
                Transport = "udp",
                // Host type preference 126, local preference by position (RFC 8445 §5.1.2.1), component 1.
                Priority = (126u << 24) | ((uint)(65535 - i) << 8) | 255,
                Address = endpoint.Address.ToString(),
                Port = endpoint.Port,
                Type = IceCandidateType.Host,
            });
        }

        if (TcpPort is { } tcpPort)
        {
            for (var i = 0; i < Candidates.Count; i++)
            {
                section.Candidates.Add(new IceCandidate
                {
                    Foundation = (Candidates.Count + i + 1).ToString(CultureInfo.InvariantCulture),
                    Component = 1,
                    Transport = "tcp",
                    // RFC 6544 §4.2: local preference = 2^13 * direction-pref + other-pref, so a TCP candidate's is at
                    // most 40959, below every UDP one's (65535 - i): UDP wins whenever it works (pion/LiveKit do the same).
                    Priority = (126u << 24) | (((PassiveDirectionPreference << 13) + (uint)(8191 - i)) << 8) | 255,
                    Address = Candidates[i].Address.ToString(),
                    Port = tcpPort,
                    Type = IceCandidateType.Host,
                    TcpType = IceTcpType.Passive,
                });
            }
        }

        section.EndOfCandidates = true;
    }

    /// <summary>A new description with the SFU's session-level lines: ICE-lite, and the origin's session id and version.</summary>
    public static SessionDescription NewDescription(ulong sessionId, ulong version) => new()
    {
        Origin = Origin.Create(sessionId, version),
        IceLite = true,
    };
}
