using OpenLive.Rtc.Sdp;

namespace OpenLive.Rtc.Client;

/// <summary>
/// What one m-line ended up with after offer/answer: our direction, the payload types both sides accepted (and
/// which are RTX for which), the header extension ids, the RTCP feedback in force and the peer's SSRCs. Immutable;
/// a renegotiation makes a new one, so the packet paths can read it without locks.
/// </summary>
internal sealed class NegotiatedMedia
{
    private readonly sbyte[] _rtxFor = new sbyte[128];
    private readonly sbyte[] _associatedOf = new sbyte[128];
    private readonly int[] _clockRates = new int[128];
    private readonly bool[] _vp8 = new bool[128];

    private NegotiatedMedia(MediaKind kind, MediaDirection direction, IReadOnlyList<RtpCodec> codecs)
    {
        Kind = kind;
        Direction = direction;
        Codecs = codecs;
        _rtxFor.AsSpan().Fill(-1);
        _associatedOf.AsSpan().Fill(-1);
        PrimaryPayloadType = -1;
        foreach (var codec in codecs)
        {
            _clockRates[codec.PayloadType] = (int)codec.ClockRate;
            _vp8[codec.PayloadType] = string.Equals(codec.Name, "VP8", StringComparison.OrdinalIgnoreCase);
            if (!codec.IsRtx)
            {
                if (PrimaryPayloadType < 0)
                {
                    PrimaryPayloadType = codec.PayloadType;
                }

                continue;
            }

            if (codec.AssociatedPayloadType is { } apt && _rtxFor[apt] < 0)
            {
                _rtxFor[apt] = (sbyte)codec.PayloadType;
                _associatedOf[codec.PayloadType] = (sbyte)apt;
            }
        }
    }

    public MediaKind Kind { get; }

    /// <summary>Our direction on this m-line.</summary>
    public MediaDirection Direction { get; }

    public bool Sends => Direction is MediaDirection.SendOnly or MediaDirection.SendReceive;

    public bool Receives => Direction is MediaDirection.ReceiveOnly or MediaDirection.SendReceive;

    /// <summary>The negotiated codec entries, RTX included, in preference order.</summary>
    public IReadOnlyList<RtpCodec> Codecs { get; }

    /// <summary>The first non-RTX payload type: what we send unless told otherwise; -1 when none.</summary>
    public int PrimaryPayloadType { get; }

    public byte MidId { get; private init; }

    public byte RidId { get; private init; }

    public byte RepairedRidId { get; private init; }

    public byte AbsSendTimeId { get; private init; }

    public byte TransportCcId { get; private init; }

    public byte AudioLevelId { get; private init; }

    public bool Nack { get; private init; }

    public bool PictureLoss { get; private init; }

    public bool FullIntraRequest { get; private init; }

    public bool TransportCc { get; private init; }

    public bool Remb { get; private init; }

    /// <summary>Reduced-size RTCP may be sent (RFC 5506): feedback without a leading report.</summary>
    public bool ReducedSize { get; private init; }

    /// <summary>The peer's media SSRC from <c>a=ssrc</c>/<c>a=ssrc-group:FID</c>, or 0 when it signaled none.</summary>
    public uint RemoteSsrc { get; private init; }

    /// <summary>The peer's RTX SSRC from <c>a=ssrc-group:FID</c>, or 0.</summary>
    public uint RemoteRtxSsrc { get; private init; }

    /// <summary>Whether <paramref name="payloadType"/> is a negotiated media (non-RTX) format.</summary>
    public bool IsMediaPayloadType(int payloadType) => (uint)payloadType < 128 && _clockRates[payloadType] != 0 && _associatedOf[payloadType] < 0;

    /// <summary>The RTX payload type repairing <paramref name="payloadType"/>, or -1.</summary>
    public int RtxPayloadTypeFor(int payloadType) => (uint)payloadType < 128 ? _rtxFor[payloadType] : -1;

    /// <summary>The media payload type an RTX payload type repairs, or -1 when it is not RTX.</summary>
    public int AssociatedPayloadTypeOf(int payloadType) => (uint)payloadType < 128 ? _associatedOf[payloadType] : -1;

    /// <summary>Whether <paramref name="payloadType"/> is VP8 (whose keyframes say the picture size).</summary>
    public bool IsVp8(int payloadType) => (uint)payloadType < 128 && _vp8[payloadType];

    /// <summary>The clock rate of a negotiated payload type, or 0.</summary>
    public int ClockRateOf(int payloadType) => (uint)payloadType < 128 ? _clockRates[payloadType] : 0;

    /// <summary>
    /// Builds the negotiated state from the answer's section (which holds what both sides accepted) and the section
    /// the peer wrote (its SSRCs). <paramref name="direction"/> is ours.
    /// </summary>
    public static NegotiatedMedia From(MediaDescription answer, MediaDescription remote, MediaDirection direction)
    {
        var feedback = new List<RtcpFeedback>(answer.WildcardFeedback);
        foreach (var codec in answer.Codecs)
        {
            feedback.AddRange(codec.Feedback);
        }

        var (ssrc, rtxSsrc) = SsrcsOf(remote);
        return new NegotiatedMedia(answer.Kind, direction, [.. answer.Codecs])
        {
            MidId = IdOf(answer, OpenLive.Rtc.Rtp.RtpExtensionUris.Mid),
            RidId = IdOf(answer, OpenLive.Rtc.Rtp.RtpExtensionUris.RtpStreamId),
            RepairedRidId = IdOf(answer, OpenLive.Rtc.Rtp.RtpExtensionUris.RepairedRtpStreamId),
            AbsSendTimeId = IdOf(answer, OpenLive.Rtc.Rtp.RtpExtensionUris.AbsSendTime),
            TransportCcId = IdOf(answer, OpenLive.Rtc.Rtp.RtpExtensionUris.TransportWideCc),
            AudioLevelId = IdOf(answer, OpenLive.Rtc.Rtp.RtpExtensionUris.AudioLevel),
            Nack = feedback.Contains(RtcpFeedback.Nack),
            PictureLoss = feedback.Contains(RtcpFeedback.PictureLoss),
            FullIntraRequest = feedback.Contains(RtcpFeedback.FullIntraRequest),
            TransportCc = feedback.Contains(RtcpFeedback.TransportCc),
            Remb = feedback.Contains(RtcpFeedback.GoogRemb),
            ReducedSize = answer.RtcpReducedSize,
            RemoteSsrc = ssrc,
            RemoteRtxSsrc = rtxSsrc,
        };
    }

    /// <summary>Media and RTX SSRC of the first FID group, else the first <c>a=ssrc</c>; zeros when none is signaled.</summary>
    private static (uint Ssrc, uint RtxSsrc) SsrcsOf(MediaDescription section)
    {
        foreach (var group in section.SsrcGroups)
        {
            if (group.Semantics == SsrcGroup.FlowIdentification && group.Ssrcs.Count == 2)
            {
                return (group.Ssrcs[0], group.Ssrcs[1]);
            }
        }

        return section.SsrcLines.Count > 0 ? (section.SsrcLines[0].Ssrc, 0u) : (0u, 0u);
    }

    /// <summary>The one-byte-header id of an extension, or 0 (two-byte ids are not written or read here).</summary>
    private static byte IdOf(MediaDescription section, string uri) =>
        section.FindHeaderExtension(uri) is { FitsOneByteHeader: true } extension ? (byte)extension.Id : (byte)0;
}
