namespace OpenLive.Rtc.Transport;

/// <summary>What a datagram on a multiplexed WebRTC port is, by its first byte (RFC 7983 §7).</summary>
public enum PacketKind
{
    /// <summary>Any other first byte (4..15, 80..127, 192..255) or an empty datagram: drop.</summary>
    Unknown = 0,

    /// <summary>First byte 0..3: STUN (ICE checks, consent, keepalives).</summary>
    Stun,

    /// <summary>First byte 16..19: ZRTP; WebRTC does not use it, drop.</summary>
    Zrtp,

    /// <summary>First byte 20..63: DTLS records (the DTLS-SRTP handshake, and data channels over SCTP).</summary>
    Dtls,

    /// <summary>First byte 64..79: TURN ChannelData; we run no TURN on media ports, drop.</summary>
    TurnChannel,

    /// <summary>First byte 128..191: RTP or RTCP; tell them apart with <see cref="PacketClassifier.IsRtcp"/>.</summary>
    RtpOrRtcp,
}
