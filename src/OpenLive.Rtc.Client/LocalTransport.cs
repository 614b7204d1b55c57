using System.Globalization;
using System.Net;
using OpenLive.Rtc.Ice;
using OpenLive.Rtc.Sdp;

namespace OpenLive.Rtc.Client;

/// <summary>
/// Our side's transport lines for every m-line we write: ICE credentials, the DTLS fingerprint and role, and our one
/// host candidate (the socket's address). No trickle: the candidate is complete when the SDP is written, so
/// <c>a=end-of-candidates</c> follows it (RFC 8840 §4.1).
/// </summary>
/// <remarks>
/// With ICE-TCP (<see cref="RtcIceTransports.Tcp"/>) an active TCP candidate follows (RFC 6544 §4.5: port 9, the
/// discard port, since an active candidate never listens); with TCP alone it is the only one, and the m-line's port
/// is 9 too.
/// </remarks>
internal sealed record LocalTransport(IceCredentials Ice, string SdpFingerprint, IPEndPoint Endpoint, RtcIceTransports Transports = RtcIceTransports.Udp)
{
    /// <summary>The port an active TCP candidate is signaled with (RFC 6544 §4.5).</summary>
    public const int ActiveTcpPort = 9;

    /// <summary>
    /// Priority of our active TCP host candidate (RFC 6544 §4.2): local preference (2^13 × direction preference) +
    /// other preference, with active direction preference 6 for a host candidate, and type preference below UDP's.
    /// </summary>
    public static uint ActiveTcpPriority => IcePriority.Candidate(IceCandidateType.Host, (6 << 13) + 8191, 1) - (1u << 24);

    /// <summary>
    /// The priority the ICE agent gives its first host candidate (RFC 8445 §5.1.2.1: type preference 126, local
    /// preference 65535, component 1), so what we signal is what the agent checks with.
    /// </summary>
    public static uint HostPriority => IcePriority.Candidate(IceCandidateType.Host, IcePriority.MaxLocalPreference, 1);

    public void ApplyTo(MediaDescription section, DtlsSetup setup)
    {
        section.IceUfrag = Ice.Ufrag;
        section.IcePwd = Ice.Password;
        var space = SdpFingerprint.IndexOf(' ', StringComparison.Ordinal);
        section.Fingerprints.Add(new Fingerprint(SdpFingerprint[..space], SdpFingerprint[(space + 1)..]));
        section.Setup = setup;
        section.Connection = ConnectionData.FromAddress(Endpoint.Address);
        if ((Transports & RtcIceTransports.Udp) != 0)
        {
            section.Port = Endpoint.Port;

            // The agent names its first host candidate's foundation "1" too.
            section.Candidates.Add(IceCandidate.ForUdp("1", 1, HostPriority, Endpoint, IceCandidateType.Host));
        }
        else
        {
            section.Port = ActiveTcpPort;
        }

        if ((Transports & RtcIceTransports.Tcp) != 0)
        {
            section.Candidates.Add(new IceCandidate
            {
                Foundation = "2",
                Component = 1,
                Transport = "tcp",
                Priority = ActiveTcpPriority,
                Address = Endpoint.Address.ToString(),
                Port = ActiveTcpPort,
                Type = IceCandidateType.Host,
                TcpType = IceTcpType.Active,
            });
        }

        section.EndOfCandidates = true;
    }

    /// <summary>A session id for <c>o=</c>: random, below 2^62 as JSEP suggests (RFC 8829 §5.2.1).</summary>
    public static ulong NewSessionId()
    {
        Span<byte> bytes = stackalloc byte[8];
        System.Security.Cryptography.RandomNumberGenerator.Fill(bytes);
        return BitConverter.ToUInt64(bytes) >> 2;
    }

    public static string Format(int value) => value.ToString(CultureInfo.InvariantCulture);
}
