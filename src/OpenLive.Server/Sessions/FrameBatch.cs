using System.Buffers;
using Google.Protobuf;

namespace OpenLive.Server.Sessions;

/// <summary>
/// Writes several serialized frames as one <c>ServerFrame { repeated bytes batch = 200 }</c> without re-serializing
/// them: per frame the field tag (200, length-delimited), the length as a varint, then the bytes.
/// </summary>
internal static class FrameBatch
{
    // Field 200, wire type 2: (200 << 3) | 2 = 1602 → varint 0xC2 0x0C.
    private static ReadOnlySpan<byte> Tag => [0xC2, 0x0C];

    public static void Append(IBufferWriter<byte> writer, ReadOnlySpan<byte> frame)
    {
        var span = writer.GetSpan(Tag.Length + 5 + frame.Length);
        Tag.CopyTo(span);
        var n = Tag.Length;
        var length = (uint)frame.Length;
        while (length >= 0x80)
        {
            span[n++] = (byte)(length | 0x80);
            length >>= 7;
        }

        span[n++] = (byte)length;
        frame.CopyTo(span[n..]);
        writer.Advance(n + frame.Length);
    }
}
