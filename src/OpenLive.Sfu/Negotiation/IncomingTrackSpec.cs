using OpenLive.Rtc.Sdp;

namespace OpenLive.Sfu.Negotiation;

/// <summary>A track a publisher's offer sends, as the SFU accepted it.</summary>
/// <param name="Mid">The m-line's mid (what the MID header extension carries).</param>
/// <param name="Kind">Audio or video.</param>
/// <param name="Source">Audio, camera or screen.</param>
/// <param name="Codec">The codec the publisher will send.</param>
/// <param name="Rids">Simulcast layers by rid, lowest quality first; empty without simulcast.</param>
/// <param name="Ssrc">The media SSRC when the offer signals it (a=ssrc) and there is no simulcast.</param>
/// <param name="RtxSsrc">The RTX SSRC paired with <paramref name="Ssrc"/> (a=ssrc-group:FID).</param>
/// <param name="Extensions">The section's extension ids.</param>
internal sealed record IncomingTrackSpec(
    string Mid,
    MediaKind Kind,
    TrackSource Source,
    NegotiatedCodec Codec,
    IReadOnlyList<string> Rids,
    uint? Ssrc,
    uint? RtxSsrc,
    ExtensionIds Extensions);
