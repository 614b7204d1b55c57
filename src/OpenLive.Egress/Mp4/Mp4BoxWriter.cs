using System.Buffers;
using System.Buffers.Binary;

namespace OpenLive.Egress.Mp4;

/// <summary>
/// Writes ISO BMFF boxes (ISO/IEC 14496-12 §4.2) big-endian into one growable buffer rented from the shared pool.
/// A box is its 32-bit size (header included), its four-character type, and for a "full box" a version byte and
/// 24 bits of flags, then its fields and child boxes:
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                       size (header included)                  |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                 type (four ASCII characters)                  |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |    version    |               flags (full box only)           |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                    fields, child boxes ...                    |
/// </code>
/// <see cref="BeginBox"/> leaves the size zero and returns where the box starts; <see cref="EndBox"/> patches it, so
/// boxes nest without knowing their sizes up front. The buffer is kept across <see cref="Reset"/> calls: once it has
/// grown to the largest fragment, writing allocates nothing.
/// </summary>
internal sealed class Mp4BoxWriter : IDisposable
{
    private byte[] buffer;

    /// <summary>A writer with <paramref name="initialCapacity"/> bytes rented.</summary>
    public Mp4BoxWriter(int initialCapacity = 4096)
    {
        buffer = ArrayPool<byte>.Shared.Rent(initialCapacity);
    }

    /// <summary>Bytes written since the last <see cref="Reset"/>.</summary>
    public int Length { get; private set; }

    /// <summary>The bytes written.</summary>
    public ReadOnlySpan<byte> Written => buffer.AsSpan(0, Length);

    /// <summary>The underlying array (the first <see cref="Length"/> bytes are written), for <see cref="Stream.Write(byte[], int, int)"/>.</summary>
    public byte[] Buffer => buffer;

    /// <summary>Forgets what was written, keeping the buffer.</summary>
    public void Reset() => Length = 0;

    /// <summary>Starts a box of <paramref name="type"/> (four ASCII bytes); returns its start for <see cref="EndBox"/>.</summary>
    public int BeginBox(ReadOnlySpan<byte> type)
    {
        var start = Length;
        WriteUInt32(0);
        WriteBytes(type);
        return start;
    }

    /// <summary>Starts a full box (version and flags after the type).</summary>
    public int BeginFullBox(ReadOnlySpan<byte> type, byte version, uint flags)
    {
        var start = BeginBox(type);
        WriteUInt32(((uint)version << 24) | (flags & 0xFFFFFF));
        return start;
    }

    /// <summary>Patches the size of the box that started at <paramref name="start"/>.</summary>
    public void EndBox(int start) => PatchUInt32(start, (uint)(Length - start));

    public void WriteByte(byte value) => Take(1)[0] = value;

    public void WriteUInt16(ushort value) => BinaryPrimitives.WriteUInt16BigEndian(Take(2), value);

    public void WriteInt16(short value) => BinaryPrimitives.WriteInt16BigEndian(Take(2), value);

    public void WriteUInt32(uint value) => BinaryPrimitives.WriteUInt32BigEndian(Take(4), value);

    public void WriteUInt64(ulong value) => BinaryPrimitives.WriteUInt64BigEndian(Take(8), value);

    public void WriteBytes(ReadOnlySpan<byte> bytes) => bytes.CopyTo(Take(bytes.Length));

    public void WriteZeros(int count) => Take(count).Clear();

    /// <summary>Overwrites four bytes written earlier (a size or a data offset known only later).</summary>
    public void PatchUInt32(int at, uint value) => BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(at, 4), value);

    /// <summary>Reserves <paramref name="count"/> bytes at the end and returns them to be filled.</summary>
    public Span<byte> Take(int count)
    {
        if (buffer.Length - Length < count)
        {
            Grow(count);
        }

        var span = buffer.AsSpan(Length, count);
        Length += count;
        return span;
    }

    public void Dispose()
    {
        var rented = buffer;
        buffer = [];
        Length = 0;
        if (rented.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private void Grow(int count)
    {
        ObjectDisposedException.ThrowIf(buffer.Length == 0, this);
        var needed = (long)Length + count;
        var size = Math.Max(needed, (long)buffer.Length * 2);
        if (size > Array.MaxLength)
        {
            throw new InvalidOperationException($"an MP4 buffer of {needed} bytes is over the limit");
        }

        var larger = ArrayPool<byte>.Shared.Rent((int)size);
        buffer.AsSpan(0, Length).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(buffer);
        buffer = larger;
    }
}
