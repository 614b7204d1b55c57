namespace OpenLive.Egress.Media;

/// <summary>The codecs egress writes without transcoding: what the SFU forwards (docs/protocol.md, "Codecs").</summary>
public enum EgressCodec
{
    /// <summary>VP8 (RFC 6386), RTP payload RFC 7741.</summary>
    Vp8,

    /// <summary>VP9, RTP payload RFC 9628.</summary>
    Vp9,

    /// <summary>AV1, RTP payload of the AOM "RTP Payload Format for AV1".</summary>
    Av1,

    /// <summary>H.264 (ITU-T H.264), RTP payload RFC 6184 (packetization mode 1).</summary>
    H264,

    /// <summary>Opus (RFC 6716), RTP payload RFC 7587.</summary>
    Opus,
}
