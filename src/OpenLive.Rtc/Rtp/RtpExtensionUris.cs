namespace OpenLive.Rtc.Rtp;

/// <summary>The header extension URIs SDP extmap lines name (RFC 8285 §5); the ids they map to are per session.</summary>
public static class RtpExtensionUris
{
    /// <summary>Media identification, the BUNDLE mid (RFC 8843 §15.2).</summary>
    public const string Mid = "urn:ietf:params:rtp-hdrext:sdes:mid";

    /// <summary>RtpStreamId, the simulcast rid (RFC 8852 §3.1).</summary>
    public const string RtpStreamId = "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id";

    /// <summary>RepairedRtpStreamId, the rid an RTX stream repairs (RFC 8852 §3.2).</summary>
    public const string RepairedRtpStreamId = "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id";

    /// <summary>Absolute send time, 24-bit 6.18 fixed-point seconds (WebRTC's abs-send-time).</summary>
    public const string AbsSendTime = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";

    /// <summary>Transport-wide sequence number (draft-holmer-rmcat-transport-wide-cc-extensions-01 §2).</summary>
    public const string TransportWideCc = "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";

    /// <summary>Client-to-mixer audio level (RFC 6464).</summary>
    public const string AudioLevel = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";

    /// <summary>Audio levels of the mixed contributing sources (RFC 6465).</summary>
    public const string CsrcAudioLevel = "urn:ietf:params:rtp-hdrext:csrc-audio-level";

    /// <summary>Coordination of video orientation (3GPP TS 26.114 §7.4.5).</summary>
    public const string VideoOrientation = "urn:3gpp:video-orientation";

    /// <summary>RTP timestamp offset (RFC 5450).</summary>
    public const string TransmissionTimeOffset = "urn:ietf:params:rtp-hdrext:toffset";

    /// <summary>WebRTC's playout delay limits.</summary>
    public const string PlayoutDelay = "http://www.webrtc.org/experiments/rtp-hdrext/playout-delay";

    /// <summary>The AV1 dependency descriptor (AV1 RTP payload specification, appendix A).</summary>
    public const string DependencyDescriptor = "https://aomediacodec.github.io/av1-rtp-spec/#dependency-descriptor-rtp-header-extension";
}
