namespace OpenLive.Rtc.Transport;

/// <summary>
/// Demultiplexes one UDP port carrying STUN, DTLS and SRTP/SRTCP by the first byte (RFC 7983 §7):
/// <code>
///                  +----------------+
///                  |        [0..3] -+--> forward to STUN
///                  |                |
///                  |      [16..19] -+--> forward to ZRTP
///                  |                |
///      packet -->  |      [20..63] -+--> forward to DTLS
///                  |                |
///                  |      [64..79] -+--> forward to TURN Channel
///                  |                |
///                  |    [128..191] -+--> forward to RTP/RTCP
///                  +----------------+
/// </code>
/// </summary>
public static class PacketClassifier
{
    /// <summary>The kind of a datagram whose first byte is <paramref name="firstByte"/>.</summary>
    public static PacketKind Classify(byte firstByte) => firstByte switch
    {
        <= 3 => PacketKind.Stun,
        >= 16 and <= 19 => PacketKind.Zrtp,
        >= 20 and <= 63 => PacketKind.Dtls,
        >= 64 and <= 79 => PacketKind.TurnChannel,
        >= 128 and <= 191 => PacketKind.RtpOrRtcp,
        _ => PacketKind.Unknown,
    };

    /// <summary>The kind of a datagram; an empty one is <see cref="PacketKind.Unknown"/>.</summary>
    public static PacketKind Classify(ReadOnlySpan<byte> packet) => packet.IsEmpty ? PacketKind.Unknown : Classify(packet[0]);

    /// <summary>
    /// With rtcp-mux, whether an RTP-range datagram is RTCP: its second byte — RTCP's packet type, or RTP's marker
    /// bit and payload type — is 192..223 (RFC 5761 §4: RTP payload types 64..95 are kept free so that M=1 with
    /// those types cannot collide with RTCP's 192..223, SR and RR being 200 and 201).
    /// <code>
    ///  0                   1
    ///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5
    /// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    /// |V=2|P|    RC   |      PT       |  RTCP
    /// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    /// |V=2|P|X|  CC   |M|     PT      |  RTP
    /// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    /// </code>
    /// </summary>
    public static bool IsRtcp(ReadOnlySpan<byte> packet) => packet.Length >= 2 && packet[1] is >= 192 and <= 223;
}
