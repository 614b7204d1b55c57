namespace OpenLive.Rtc.Sdp;

/// <summary>URIs of the RTP header extensions WebRTC stacks negotiate in <c>a=extmap</c>.</summary>
public static class RtpHeaderExtensionUris
{
    /// <summary>The m= section's mid in every packet, what BUNDLE demuxes by (RFC 9143 §15 / RFC 8843).</summary>
    public const string Mid = "urn:ietf:params:rtp-hdrext:sdes:mid";

    /// <summary>The RTP stream id, what simulcast layers are told apart by (RFC 8852 §3.1).</summary>
    public const string RtpStreamId = "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id";

    /// <summary>The RTP stream id an RTX/FEC stream repairs (RFC 8852 §3.2).</summary>
    public const string RepairedRtpStreamId = "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id";

    /// <summary>Audio level of the sender's capture (RFC 6464).</summary>
    public const string AudioLevel = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";

    /// <summary>Audio levels of the mixed contributing sources (RFC 6465).</summary>
    public const string CsrcAudioLevel = "urn:ietf:params:rtp-hdrext:csrc-audio-level";

    /// <summary>Transmission time offset (RFC 5450).</summary>
    public const string TransmissionTimeOffset = "urn:ietf:params:rtp-hdrext:toffset";

    /// <summary>Transport-wide sequence numbers for transport-cc feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01).</summary>
    public const string TransportWideCc = "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";

    /// <summary>Absolute send time, for REMB-style bandwidth estimation.</summary>
    public const string AbsSendTime = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";

    /// <summary>Coordination of video orientation (3GPP TS 26.114).</summary>
    public const string VideoOrientation = "urn:3gpp:video-orientation";

    /// <summary>Playout delay limits.</summary>
    public const string PlayoutDelay = "http://www.webrtc.org/experiments/rtp-hdrext/playout-delay";
}
