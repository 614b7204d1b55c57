using System.Net;
using OpenLive.Rtc.Dtls;

namespace OpenLive.Rtc.Client;

/// <summary>
/// Settings of an <see cref="RtcClientConnection"/>; the defaults suit the SDK and the load generator. There is no
/// STUN or TURN client here: the connection gathers host candidates on <see cref="LocalAddress"/> only — UDP, and with
/// <see cref="IceTransports"/> active ICE-TCP — and reaches the server's host candidates directly, so it cannot relay
/// through the TURN servers a login issues (<c>LiveClient.IceServers</c>) and works only where UDP or TCP to the SFU's
/// media ports gets through.
/// </summary>
public sealed class RtcClientOptions
{
    /// <summary>
    /// The local address the connection's one UDP socket binds to (port 0: the system picks). It is also the only
    /// host candidate signaled, so it must be an address the peer can reach; a wildcard address is refused.
    /// </summary>
    public IPAddress LocalAddress { get; init; } = IPAddress.Loopback;

    /// <summary>Our DTLS certificate; one process-wide certificate (created on first use) when null.</summary>
    public DtlsCertificate? Certificate { get; init; }

    /// <summary>DTLS tuning; <see cref="DtlsTransportOptions.Default"/> when null.</summary>
    public DtlsTransportOptions? Dtls { get; init; }

    /// <summary>ICE fails when no candidate pair works this long after the remote description is applied.</summary>
    public TimeSpan IceConnectTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// When set, the connected path is checked this often (a STUN binding request on the selected pair) and the
    /// connection turns <see cref="RtcConnectionState.Disconnected"/> after <see cref="DisconnectedTimeout"/> without an
    /// answer, so that a dead media path shows in seconds. Null (the default): consent checks only, every 5 s.
    /// </summary>
    public TimeSpan? LivenessInterval { get; init; }

    /// <summary>
    /// The connection turns <see cref="RtcConnectionState.Disconnected"/> after this long without an answer on its path
    /// (15 s by default: three consent periods; with <see cref="LivenessInterval"/>, at least three of those). It fails
    /// when consent expires (30 s).
    /// </summary>
    public TimeSpan DisconnectedTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>The clock for RTP/RTCP timing (abs-send-time, reports, NACK ages, statistics).</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// Sent video packets kept per stream for retransmission on NACK (a power of two is used, at least this many).
    /// At 1200 bytes each, 512 packets hold about two seconds of 2 Mbit/s video.
    /// </summary>
    public int VideoSendHistory { get; init; } = 512;

    /// <summary>
    /// Packets resent per second at most in answer to the peer's NACKs, all send streams together (a token bucket
    /// holding a quarter second's worth; the SFU's per-subscriber default). Past it the peer's keyframe request recovers.
    /// </summary>
    public int RetransmitPacketsPerSecond { get; init; } = 500;

    /// <summary>Bytes resent per second at most (the same bucket's byte side; 625,000 = 5 Mbit/s).</summary>
    public int RetransmitBytesPerSecond { get; init; } = 625_000;

    /// <summary>How often sender and receiver reports go out (RFC 3550 §6.2 leaves it to the profile; WebRTC uses about 1 s).</summary>
    public TimeSpan ReportInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How often transport-wide congestion control feedback goes out while packets arrive.</summary>
    public TimeSpan TransportFeedbackInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The RTCP CNAME of everything we send (RFC 7022: random per connection when null).</summary>
    public string? Cname { get; init; }

    /// <summary>Kernel receive and send buffer size of the socket, in bytes.</summary>
    public int SocketBufferSize { get; init; } = 1 << 20;

    /// <summary>
    /// The transports ICE may use: <see cref="RtcIceTransports.Udp"/> (the default), <see cref="RtcIceTransports.Tcp"/>
    /// (active ICE-TCP to the peer's passive TCP candidates, RFC 6544, for networks that block UDP), or both.
    /// </summary>
    public RtcIceTransports IceTransports { get; init; } = RtcIceTransports.Udp;

    /// <summary>
    /// Bytes an ICE-TCP connection queues for the kernel at most while the network is slower than the sender; a packet
    /// that does not fit is dropped whole, as a full UDP socket drops it, so a stalled connection never grows memory.
    /// </summary>
    public int TcpSendQueueSize { get; init; } = 256 * 1024;

    /// <summary>Throws <see cref="ArgumentException"/> for settings no connection could run with.</summary>
    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(LocalAddress);
        ArgumentNullException.ThrowIfNull(TimeProvider);
        if (LocalAddress.Equals(IPAddress.Any) || LocalAddress.Equals(IPAddress.IPv6Any))
        {
            throw new ArgumentException("The local address is signaled as our candidate, so it must be a concrete address.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(IceConnectTimeout, TimeSpan.Zero, nameof(IceConnectTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(DisconnectedTimeout, TimeSpan.Zero, nameof(DisconnectedTimeout));
        if (LivenessInterval is { } liveness)
        {
            // The ICE agent's own rules, checked here so a bad setting fails at construction, not at the first answer.
            ArgumentOutOfRangeException.ThrowIfLessThan(liveness, TimeSpan.FromMilliseconds(100), nameof(LivenessInterval));
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(liveness, TimeSpan.FromSeconds(5), nameof(LivenessInterval));
            ArgumentOutOfRangeException.ThrowIfLessThan(DisconnectedTimeout, liveness * 3, nameof(DisconnectedTimeout));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(VideoSendHistory, 0, nameof(VideoSendHistory));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(VideoSendHistory, 1 << 15, nameof(VideoSendHistory));
        ArgumentOutOfRangeException.ThrowIfLessThan(RetransmitPacketsPerSecond, 1, nameof(RetransmitPacketsPerSecond));
        ArgumentOutOfRangeException.ThrowIfLessThan(RetransmitBytesPerSecond, 1500, nameof(RetransmitBytesPerSecond));
        ArgumentOutOfRangeException.ThrowIfLessThan(ReportInterval, TimeSpan.FromMilliseconds(100), nameof(ReportInterval));
        ArgumentOutOfRangeException.ThrowIfLessThan(TransportFeedbackInterval, TimeSpan.FromMilliseconds(10), nameof(TransportFeedbackInterval));
        ArgumentOutOfRangeException.ThrowIfLessThan(SocketBufferSize, 16 * 1024, nameof(SocketBufferSize));
        if (IceTransports is not (RtcIceTransports.Udp or RtcIceTransports.Tcp or RtcIceTransports.Both))
        {
            throw new ArgumentException("ICE needs UDP, TCP or both.", nameof(IceTransports));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(TcpSendQueueSize, 16 * 1024, nameof(TcpSendQueueSize));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(TcpSendQueueSize, 16 << 20, nameof(TcpSendQueueSize));
        if (Cname is not null && (Cname.Length is 0 or > 255 || !System.Text.Ascii.IsValid(Cname)))
        {
            throw new ArgumentException("A CNAME is 1..255 ASCII characters.");
        }
    }
}
