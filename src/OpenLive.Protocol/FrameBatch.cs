using System.Buffers;

namespace OpenLive.Protocol;

/// <summary>
/// The batch frame, <c>ServerFrame { repeated bytes batch = 200 }</c>, written and read without (re)serializing the
/// frames inside. Per frame, on the wire:
/// <code>
///  +-----------+-----------+--------------------+------------------+
///  | 0xC2 0x0C | length (varint, 1-5 bytes)     | ServerFrame bytes |
///  +-----------+-----------+--------------------+------------------+
///    field 200, wire type 2: (200 &lt;&lt; 3) | 2 = 1602
/// </code>
/// A batch frame carries nothing else, so a frame that starts with the tag is a batch.
/// </summary>
public static class FrameBatch
{
    private const int MaxVarintBytes = 5;

    private static ReadOnlySpan<byte> Tag => [0xC2, 0x0C];

    /// <summary>Appends one serialized frame to a batch being written.</summary>
    public static void Append(IBufferWriter<byte> writer, ReadOnlySpan<byte> frame)
    {
        var span = writer.GetSpan(Tag.Length + MaxVarintBytes + frame.Length);
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

    /// <summary>True when the bytes are a batch frame (they start with the batch field's tag).</summary>
    public static bool IsBatch(ReadOnlySpan<byte> bytes) => bytes.StartsWith(Tag);

    /// <summary>
    /// Takes the next frame off <paramref name="rest"/> (a batch, or what is left of one) as a slice of it; never throws.
    /// </summary>
    public static BatchRead Next(ref ReadOnlySpan<byte> rest, out ReadOnlySpan<byte> frame)
    {
        frame = default;
        if (rest.IsEmpty)
        {
            return BatchRead.End;
        }

        if (!rest.StartsWith(Tag))
        {
            return BatchRead.Malformed;
        }

        var n = Tag.Length;
        ulong length = 0;
        for (var shift = 0; ; shift += 7)
        {
            if (n >= rest.Length || shift == 7 * MaxVarintBytes)
            {
                return BatchRead.Malformed;
            }

            var b = rest[n++];
            length |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                break;
            }
        }

        if (length > (ulong)(rest.Length - n))
        {
            return BatchRead.Malformed;
        }

        frame = rest.Slice(n, (int)length);
        rest = rest[(n + (int)length)..];
        return BatchRead.Frame;
    }
}

/// <summary>What <see cref="FrameBatch.Next"/> found.</summary>
public enum BatchRead
{
    /// <summary>A frame was taken.</summary>
    Frame,

    /// <summary>The batch is used up.</summary>
    End,

    /// <summary>The bytes are not a well-formed batch (cut short, a foreign field, an oversized length).</summary>
    Malformed,
}
