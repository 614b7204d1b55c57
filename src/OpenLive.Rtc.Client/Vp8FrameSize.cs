using OpenLive.Rtc.Rtp.Codecs;

namespace OpenLive.Rtc.Client;

/// <summary>
/// The picture size a VP8 keyframe states in its header (RFC 6386 §9.1: after the 3-byte frame tag, the start code
/// 9d 01 2a, then 14-bit width and height, little-endian, each with a 2-bit scale above). The client stack decodes
/// nothing, so this is the only place it learns the resolution it sends or receives.
/// </summary>
internal static class Vp8FrameSize
{
    private const int KeyframeHeaderLength = 10;

    /// <summary>
    /// Reads the size from an RTP payload that starts a VP8 keyframe; false (never throws) for any other payload,
    /// a truncated one or a zero size.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> payload, out int width, out int height)
    {
        width = 0;
        height = 0;
        if (!Vp8Descriptor.TryParse(payload, out var descriptor) || !descriptor.IsKeyframe || payload.Length < descriptor.Length + KeyframeHeaderLength)
        {
            return false;
        }

        var header = payload[descriptor.Length..];
        if (header[3] != 0x9d || header[4] != 0x01 || header[5] != 0x2a)
        {
            return false;
        }

        width = (header[6] | (header[7] << 8)) & 0x3fff;
        height = (header[8] | (header[9] << 8)) & 0x3fff;
        return width > 0 && height > 0;
    }
}
