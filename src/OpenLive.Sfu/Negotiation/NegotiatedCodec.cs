using OpenLive.Rtc.Sdp;

namespace OpenLive.Sfu.Negotiation;

/// <summary>One track's codec as negotiated with its publisher: forwarded as is, never transcoded.</summary>
/// <param name="PayloadType">The publisher's payload type.</param>
/// <param name="Name">Encoding name as in SDP (opus, VP8, VP9, H264, AV1).</param>
/// <param name="ClockRate">RTP clock rate.</param>
/// <param name="Channels">Audio channels (opus: 2), null for video.</param>
/// <param name="Fmtp">The format parameters, verbatim (subscribers get the same).</param>
/// <param name="RtxPayloadType">The publisher's RTX payload type for this codec (RFC 4588), if negotiated.</param>
internal sealed record NegotiatedCodec(int PayloadType, string Name, uint ClockRate, int? Channels, string? Fmtp, int? RtxPayloadType)
{
    /// <summary>True for video codecs (keyframes, layers, PLI).</summary>
    public bool IsVideo => ClockRate == 90000;

    /// <summary>
    /// Identity of the codec configuration across publishers: two tracks with the same key may share a payload type in
    /// one subscriber's bundled connection (RFC 8843 §9.1 forbids one payload type meaning two configurations).
    /// </summary>
    public string Key => $"{Name.ToUpperInvariant()}/{ClockRate}/{Channels}/{Fmtp}";

    /// <summary>The SDP codec entry (without feedback) under payload type <paramref name="payloadType"/>.</summary>
    public RtpCodec ToSdp(int payloadType)
    {
        var codec = new RtpCodec(payloadType, Name, ClockRate, Channels);
        if (!string.IsNullOrEmpty(Fmtp))
        {
            codec.Parameters = new FormatParameters(Fmtp);
        }

        return codec;
    }
}
