using OpenLive.Egress.Media;

namespace OpenLive.Egress.Tests.WebM;

/// <summary>Synthetic frames with just enough bitstream for the writer's header readers.</summary>
internal static class TestFrames
{
    /// <summary>A VP8 keyframe of <paramref name="width"/>×<paramref name="height"/>: frame tag (key), start code, sizes, filler.</summary>
    public static byte[] Vp8Keyframe(int width = 320, int height = 240, int length = 400)
    {
        var frame = new byte[length];
        frame[0] = 0x10; // key frame (bit 0 = 0), version 0, show_frame
        frame[3] = 0x9D;
        frame[4] = 0x01;
        frame[5] = 0x2A;
        frame[6] = (byte)width;
        frame[7] = (byte)(width >> 8);
        frame[8] = (byte)height;
        frame[9] = (byte)(height >> 8);
        return frame;
    }

    /// <summary>A VP8 inter frame.</summary>
    public static byte[] Vp8Interframe(int length = 200)
    {
        var frame = new byte[length];
        frame[0] = 0x11;
        return frame;
    }

    public static MediaFrame Video(long timestamp, bool key) => new(key ? Vp8Keyframe() : Vp8Interframe(), timestamp, key);

    public static MediaFrame Audio(long timestamp) => new(new byte[80], timestamp, true);
}
