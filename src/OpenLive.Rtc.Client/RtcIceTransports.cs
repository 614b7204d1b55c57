namespace OpenLive.Rtc.Client;

/// <summary>Which transports an <see cref="RtcClientConnection"/> may reach its peer over (ICE candidate gathering and pairing).</summary>
[Flags]
public enum RtcIceTransports
{
    /// <summary>UDP only: one host candidate on the connection's UDP socket (the default, and what WebRTC prefers).</summary>
    Udp = 1,

    /// <summary>
    /// ICE-TCP only (RFC 6544): an active TCP candidate that connects to each passive TCP candidate the peer announces
    /// (the SFU's TCP media port), for networks that block UDP. STUN, DTLS, SRTP and SRTCP travel RFC 4571-framed on
    /// that one connection.
    /// </summary>
    Tcp = 2,

    /// <summary>Both; ICE picks the best pair that works (UDP ranks above TCP in the SFU's candidates).</summary>
    Both = Udp | Tcp,
}
