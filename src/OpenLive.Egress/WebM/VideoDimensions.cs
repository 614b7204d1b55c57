using System.Buffers.Binary;
using OpenLive.Egress.Media;

namespace OpenLive.Egress.WebM;

/// <summary>
/// The picture size a keyframe announces, for the track header's PixelWidth/PixelHeight: from the VP8 frame header
/// (RFC 6386 §9.1), the VP9 uncompressed header (VP9 bitstream §6.2) or the AV1 sequence header
/// (<see cref="Av1SequenceHeader"/>). Later keyframes may change it in-band; decoders follow (the header is a hint).
/// </summary>
internal static class VideoDimensions
{
    /// <summary>
    /// VP8 keyframe: 3-byte frame tag (bit 0 = 0 on a keyframe), start code 9D 01 2A, then 14-bit width and height
    /// (little-endian, 2 scale bits above each).
    /// </summary>
    public static bool TryReadVp8(ReadOnlySpan<byte> frame, out int width, out int height)
    {
        width = 0;
        height = 0;
        if (frame.Length < 10 || (frame[0] & 0x01) != 0 || frame[3] != 0x9D || frame[4] != 0x01 || frame[5] != 0x2A)
        {
            return false;
        }

        width = BinaryPrimitives.ReadUInt16LittleEndian(frame[6..]) & 0x3FFF;
        height = BinaryPrimitives.ReadUInt16LittleEndian(frame[8..]) & 0x3FFF;
        return width > 0 && height > 0;
    }

    /// <summary>
    /// VP9 keyframe: frame_marker, profile, show_existing_frame, frame_type (0 = key), show_frame, error_resilient,
    /// sync code 49 83 42, color_config, then frame_width_minus_1 and frame_height_minus_1 (16 bits each). In a
    /// superframe the first frame is the base layer, which is where this reads.
    /// </summary>
    public static bool TryReadVp9(ReadOnlySpan<byte> frame, out int width, out int height)
    {
        width = 0;
        height = 0;
        var bits = new BitReader(frame);
        if (bits.ReadBits(2) != 2)
        {
            return false;
        }

        var profileLow = bits.ReadBits(1);
        var profile = (int)((bits.ReadBits(1) << 1) | profileLow);
        if (profile == 3)
        {
            bits.ReadBits(1);
        }

        if (bits.ReadFlag() || bits.ReadFlag())
        {
            // show_existing_frame, or frame_type 1 (not a keyframe).
            return false;
        }

        bits.ReadBits(2); // show_frame, error_resilient_mode
        if (bits.ReadBits(24) != 0x498342)
        {
            return false;
        }

        if (profile >= 2)
        {
            bits.ReadBits(1); // ten_or_twelve_bit
        }

        const uint ColorSpaceRgb = 7;
        var colorSpace = bits.ReadBits(3);
        if (colorSpace != ColorSpaceRgb)
        {
            bits.ReadBits(1); // color_range
            if (profile is 1 or 3)
            {
                bits.ReadBits(3); // subsampling_x, subsampling_y, reserved_zero
            }
        }
        else if (profile is 1 or 3)
        {
            bits.ReadBits(1);
        }

        width = (int)bits.ReadBits(16) + 1;
        height = (int)bits.ReadBits(16) + 1;
        return !bits.Overrun;
    }
}
