namespace OpenLive.Egress.Depacketizing;

/// <summary>LEB128 as AV1 uses it (AV1 bitstream §4.10.5): 7 bits a byte, least significant first, at most 8 bytes, values below 2^32.</summary>
internal static class Leb128
{
    private const int MaxBytes = 8;

    /// <summary>Reads a value at the start of <paramref name="source"/>. False, never throws, if it is cut short or too large.</summary>
    public static bool TryRead(ReadOnlySpan<byte> source, out int value, out int length)
    {
        value = 0;
        length = 0;
        long result = 0;
        for (var i = 0; i < MaxBytes && i < source.Length; i++)
        {
            var b = source[i];
            result |= (long)(b & 0x7F) << (7 * i);
            if (result > int.MaxValue)
            {
                return false;
            }

            if ((b & 0x80) == 0)
            {
                value = (int)result;
                length = i + 1;
                return true;
            }
        }

        return false;
    }

    /// <summary>Bytes the shortest encoding of <paramref name="value"/> takes.</summary>
    public static int SizeOf(int value)
    {
        var size = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            size++;
        }

        return size;
    }

    /// <summary>Writes the shortest encoding of a non-negative <paramref name="value"/>; returns the bytes written (0 if it does not fit).</summary>
    public static int Write(Span<byte> destination, int value)
    {
        var size = SizeOf(value);
        if (size > destination.Length)
        {
            return 0;
        }

        for (var i = 0; i < size; i++)
        {
            destination[i] = (byte)((value & 0x7F) | (i + 1 < size ? 0x80 : 0));
            value >>= 7;
        }

        return size;
    }
}
