using System.Buffers.Binary;

namespace OpenLive.Sfu.Tests.Support;

/// <summary>
/// The IVF container libvpx and ffmpeg read and write VP8 in: a 32-byte file header ("DKIF", fourcc, size, time base,
/// frame count) and each frame as a 12-byte header (length, 64-bit timestamp) and its bytes. Test-only.
/// </summary>
internal static class IvfFile
{
    /// <summary>The frames of an IVF file, in order.</summary>
    public static List<byte[]> ReadFrames(string path)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.Equal("DKIF"u8.ToArray(), bytes[..4]);
        var frames = new List<byte[]>();
        int offset = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(6));
        while (offset + 12 <= bytes.Length)
        {
            var length = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(offset));
            frames.Add(bytes[(offset + 12)..(offset + 12 + length)]);
            offset += 12 + length;
        }

        return frames;
    }

    /// <summary>Writes <paramref name="frames"/> as VP8 at 30 frames per second (timestamps 0, 1, 2 …).</summary>
    public static void WriteVp8(string path, IReadOnlyList<byte[]> frames, int width, int height)
    {
        using var file = File.Create(path);
        Span<byte> header = stackalloc byte[32];
        "DKIF"u8.CopyTo(header);
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], 32);
        "VP80"u8.CopyTo(header[8..]);
        BinaryPrimitives.WriteUInt16LittleEndian(header[12..], (ushort)width);
        BinaryPrimitives.WriteUInt16LittleEndian(header[14..], (ushort)height);
        BinaryPrimitives.WriteUInt32LittleEndian(header[16..], 30);
        BinaryPrimitives.WriteUInt32LittleEndian(header[20..], 1);
        BinaryPrimitives.WriteUInt32LittleEndian(header[24..], (uint)frames.Count);
        file.Write(header);
        Span<byte> frameHeader = stackalloc byte[12];
        for (var i = 0; i < frames.Count; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(frameHeader, (uint)frames[i].Length);
            BinaryPrimitives.WriteInt64LittleEndian(frameHeader[4..], i);
            file.Write(frameHeader);
            file.Write(frames[i]);
        }
    }
}
