using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace OpenLive.Egress.WebM;

/// <summary>
/// A growable byte buffer (rented from the shared pool, grown by doubling, so steady-state use allocates nothing) with
/// the EBML encodings (RFC 8794): ids as written, sizes as variable-length integers, and master elements whose size is
/// patched in when they end.
/// </summary>
internal sealed class EbmlBuffer : IDisposable
{
    /// <summary>The 8-byte "unknown size" (all value bits 1), RFC 8794 §6.2: a live Segment's size before it is known.</summary>
    public const ulong UnknownSize8 = 0x01FF_FFFF_FFFF_FFFF;

    private byte[] _bytes;

    public EbmlBuffer(int initialCapacity) => _bytes = ArrayPool<byte>.Shared.Rent(initialCapacity);

    public int Length { get; private set; }

    public ReadOnlySpan<byte> Written => _bytes.AsSpan(0, Length);

    public ReadOnlyMemory<byte> WrittenMemory => _bytes.AsMemory(0, Length);

    public void Clear() => Length = 0;

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_bytes);
        _bytes = [];
    }

    public void WriteId(uint id)
    {
        var size = id > 0xFFFFFF ? 4 : id > 0xFFFF ? 3 : id > 0xFF ? 2 : 1;
        var span = Take(size);
        for (var i = 0; i < size; i++)
        {
            span[i] = (byte)(id >> (8 * (size - 1 - i)));
        }
    }

    /// <summary>Writes a size as the shortest variable-length integer (the all-ones value of a length is reserved).</summary>
    public void WriteSize(long size)
    {
        var length = 1;
        while (length < 8 && size >= (1L << (7 * length)) - 1)
        {
            length++;
        }

        WriteSize(size, length);
    }

    /// <summary>Writes a size as a variable-length integer of exactly <paramref name="length"/> bytes.</summary>
    public void WriteSize(long size, int length) => EncodeSize(Take(length), (ulong)size);

    /// <summary>Encodes <paramref name="value"/> into all of <paramref name="destination"/> (1–8 bytes) as a vint.</summary>
    public static void EncodeSize(Span<byte> destination, ulong value)
    {
        var length = destination.Length;
        value |= 1UL << (7 * length);
        for (var i = length - 1; i >= 0; i--)
        {
            destination[i] = (byte)value;
            value >>= 8;
        }
    }

    public void WriteUInt(uint id, ulong value)
    {
        var length = 1;
        while (length < 8 && value >> (8 * length) != 0)
        {
            length++;
        }

        WriteId(id);
        WriteSize(length);
        var span = Take(length);
        for (var i = length - 1; i >= 0; i--)
        {
            span[i] = (byte)value;
            value >>= 8;
        }
    }

    public void WriteFloat(uint id, double value)
    {
        WriteId(id);
        WriteSize(8);
        BinaryPrimitives.WriteDoubleBigEndian(Take(8), value);
    }

    public void WriteString(uint id, string value)
    {
        WriteId(id);
        var length = Encoding.UTF8.GetByteCount(value);
        WriteSize(length);
        Encoding.UTF8.GetBytes(value, Take(length));
    }

    public void WriteBinary(uint id, ReadOnlySpan<byte> value)
    {
        WriteId(id);
        WriteSize(value.Length);
        value.CopyTo(Take(value.Length));
    }

    public void WriteBytes(ReadOnlySpan<byte> value) => value.CopyTo(Take(value.Length));

    /// <summary>A Void element of exactly <paramref name="totalLength"/> bytes (≥ 2), to be overwritten later.</summary>
    public void WriteVoid(int totalLength)
    {
        WriteId(EbmlIds.Void);
        var sizeLength = totalLength - 1 > 8 + 1 ? 8 : 1;
        WriteSize(totalLength - 1 - sizeLength, sizeLength);
        Take(totalLength - 1 - sizeLength).Clear();
    }

    /// <summary>Starts a master element with a 4-byte size to patch; returns the position to pass to <see cref="EndMaster"/>.</summary>
    public int BeginMaster(uint id)
    {
        WriteId(id);
        var at = Length;
        Take(4);
        return at;
    }

    public void EndMaster(int sizeAt) => EncodeSize(_bytes.AsSpan(sizeAt, 4), (ulong)(Length - sizeAt - 4));

    /// <summary>Room for <paramref name="count"/> bytes at the end, counted as written.</summary>
    public Span<byte> Take(int count)
    {
        if (Length + count > _bytes.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_bytes.Length * 2, Length + count));
            _bytes.AsSpan(0, Length).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_bytes);
            _bytes = larger;
        }

        var span = _bytes.AsSpan(Length, count);
        Length += count;
        return span;
    }
}
