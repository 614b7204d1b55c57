namespace OpenLive.Rtc.Client;

/// <summary>What one transceiver has sent, summed over its simulcast layers, and what the peer reported back.</summary>
/// <param name="PacketsSent">RTP packets sent, retransmissions excluded.</param>
/// <param name="PayloadBytesSent">Payload bytes of those packets (the SR octet count).</param>
/// <param name="RetransmissionsSent">Packets resent in answer to NACKs (on RTX, or as is without RTX).</param>
/// <param name="NacksReceived">Generic NACK packets received for our streams.</param>
/// <param name="PlisReceived">Picture loss indications received.</param>
/// <param name="FirsReceived">Full intra requests received.</param>
/// <param name="RoundTripTime">From the peer's last report block with an LSR (RFC 3550 §6.4.1); null until one.</param>
/// <param name="FractionLost">The loss the peer last reported, 0..1.</param>
/// <param name="CumulativeLost">The cumulative loss the peer last reported.</param>
public readonly record struct RtcSendStatistics(
    long PacketsSent,
    long PayloadBytesSent,
    long RetransmissionsSent,
    long NacksReceived,
    long PlisReceived,
    long FirsReceived,
    TimeSpan? RoundTripTime,
    double FractionLost,
    long CumulativeLost);

/// <summary>What one transceiver has received.</summary>
/// <param name="Ssrc">The peer's media SSRC; 0 until known.</param>
/// <param name="PacketsReceived">RTP packets delivered, recovered retransmissions included.</param>
/// <param name="PayloadBytesReceived">Their payload bytes.</param>
/// <param name="PacketsLost">Expected minus received (RFC 3550 A.3), never below 0.</param>
/// <param name="RetransmissionsReceived">RTX packets unwrapped (or duplicates of earlier sequence numbers without RTX).</param>
/// <param name="NacksSent">Generic NACK packets we sent.</param>
/// <param name="PlisSent">Picture loss indications we sent.</param>
/// <param name="Jitter">Interarrival jitter (RFC 3550 A.8).</param>
/// <param name="LastPacketReceivedAt">When the last packet arrived; null before the first.</param>
public readonly record struct RtcReceiveStatistics(
    uint Ssrc,
    long PacketsReceived,
    long PayloadBytesReceived,
    long PacketsLost,
    long RetransmissionsReceived,
    long NacksSent,
    long PlisSent,
    TimeSpan Jitter,
    DateTimeOffset? LastPacketReceivedAt);
