using System.Buffers.Binary;

namespace OpenLive.Core.Auth;

/// <summary>
/// zlib framing without compression: an RFC 1950 header, RFC 1951 stored blocks (BTYPE=00), and the Adler-32 trailer.
/// It is what Tencent's Go tls-sig-api-v2 emits (<c>zlib.NoCompression</c>) and what every inflater reads. Setting up
/// a real deflater costs microseconds per ticket, while a ticket's JSON is ~180 bytes of mostly random base64; framing
/// it directly is 2–3× faster for tickets about a third longer.
/// <code>
///   0   1     2                   3 4   5 6    7 …           n-4 … n-1
/// +---+---+-------------------+-----+-----+--------------+--------------+
/// |CMF|FLG| BFINAL=1 BTYPE=00 | LEN |NLEN | LEN raw bytes|Adler-32 (BE) |   (one block per ≤65535 bytes)
/// +---+---+-------------------+-----+-----+--------------+--------------+
/// </code>
/// </summary>
internal static class ZlibStoredFrame
{
    private const int MaxBlock = ushort.MaxValue;

    public enum ReadResult
    {
        Ok,
        NotStored,
        Corrupt,
        TooLarge,
    }

    public static int GetMaxFramedLength(int dataLength) => 2 + (5 * ((dataLength / MaxBlock) + 1)) + dataLength + 4;

    public static int Write(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        destination[0] = 0x78; // CM=8 deflate, CINFO=7 (32 KiB window)
        destination[1] = 0x01; // FLEVEL=0 (fastest), FCHECK so that 0x7801 % 31 == 0
        var n = 2;
        var rest = data;
        do
        {
            var length = Math.Min(rest.Length, MaxBlock);
            destination[n++] = length == rest.Length ? (byte)1 : (byte)0; // BFINAL, BTYPE=00
            BinaryPrimitives.WriteUInt16LittleEndian(destination[n..], (ushort)length);
            BinaryPrimitives.WriteUInt16LittleEndian(destination[(n + 2)..], (ushort)~length);
            n += 4;
            rest[..length].CopyTo(destination[n..]);
            n += length;
            rest = rest[length..];
        }
        while (!rest.IsEmpty);

        BinaryPrimitives.WriteUInt32BigEndian(destination[n..], Adler32(data));
        return n + 4;
    }

    /// <summary>
    /// Reads a stream made only of stored blocks. <see cref="ReadResult.NotStored"/> means it uses compressed blocks (or a
    /// preset dictionary): hand it to a real inflater.
    /// </summary>
    public static ReadResult TryRead(ReadOnlySpan<byte> zlib, Span<byte> destination, out int written)
    {
        written = 0;
        if (zlib.Length < 2 + 5 + 4 || (zlib[1] & 0x20) != 0)
        {
            return ReadResult.NotStored;
        }

        var n = 2;
        while (true)
        {
            if (n + 5 > zlib.Length)
            {
                return ReadResult.Corrupt;
            }

            var header = zlib[n];
            if ((header & 0x06) != 0)
            {
                return ReadResult.NotStored; // fixed or dynamic Huffman block
            }

            int length = BinaryPrimitives.ReadUInt16LittleEndian(zlib[(n + 1)..]);
            int complement = BinaryPrimitives.ReadUInt16LittleEndian(zlib[(n + 3)..]);
            n += 5;
            if ((length ^ complement) != 0xFFFF || n + length > zlib.Length)
            {
                return ReadResult.Corrupt;
            }

            if (written + length > destination.Length)
            {
                return ReadResult.TooLarge;
            }

            zlib.Slice(n, length).CopyTo(destination[written..]);
            written += length;
            n += length;
            if ((header & 1) != 0)
            {
                break;
            }
        }

        if (n + 4 > zlib.Length || BinaryPrimitives.ReadUInt32BigEndian(zlib[n..]) != Adler32(destination[..written]))
        {
            return ReadResult.Corrupt;
        }

        return ReadResult.Ok;
    }

    /// <summary>Adler-32 (RFC 1950 §8.2).</summary>
    public static uint Adler32(ReadOnlySpan<byte> data)
    {
        const uint Modulus = 65521;
        uint a = 1, b = 0;
        while (!data.IsEmpty)
        {
            // 5552 is the largest run for which b cannot overflow 32 bits before the modulo (zlib's NMAX).
            var chunk = data[..Math.Min(data.Length, 5552)];
            foreach (var value in chunk)
            {
                a += value;
                b += a;
            }

            a %= Modulus;
            b %= Modulus;
            data = data[chunk.Length..];
        }

        return (b << 16) | a;
    }
}
