using OpenLive.Rtc.Rtp.Codecs;

namespace OpenLive.Sfu.Forwarding;

/// <summary>The codecs whose payload the SFU inspects (for keyframes); anything else is forwarded blind.</summary>
internal enum CodecKind
{
    Other,
    Opus,
    Vp8,
    Vp9,
    H264,
    Av1,
}

/// <summary>Keyframe detection on an RTP payload, per codec: where a subscriber may start or switch layers.</summary>
internal static class KeyframeDetector
{
    public static CodecKind KindOf(string codecName) => codecName.ToUpperInvariant() switch
    {
        "OPUS" => CodecKind.Opus,
        "VP8" => CodecKind.Vp8,
        "VP9" => CodecKind.Vp9,
        "H264" => CodecKind.H264,
        "AV1" => CodecKind.Av1,
        _ => CodecKind.Other,
    };

    /// <summary>True when the payload is the first packet of a keyframe (a decoder can start here).</summary>
    public static bool IsKeyframeStart(CodecKind codec, ReadOnlySpan<byte> payload) => codec switch
    {
        CodecKind.Vp8 => Vp8Descriptor.TryParse(payload, out var vp8) && vp8.IsStartOfFrame && vp8.IsKeyframe,
        CodecKind.Vp9 => Vp9Descriptor.TryParse(payload, out var vp9) && vp9.IsKeyframe,
        CodecKind.H264 => H264Payload.TryParse(payload, out var h264) && h264.IsKeyframe && h264.IsStartOfFrame,
        CodecKind.Av1 => Av1AggregationHeader.TryParse(payload, out var av1) && !av1.IsContinuation && av1.IsKeyframe,
        _ => false,
    };
}
