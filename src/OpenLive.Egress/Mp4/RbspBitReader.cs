namespace OpenLive.Egress.Mp4;

/// <summary>
/// Reads bits and Exp-Golomb codes (ITU-T H.264 §7.2, §9.1) from a NAL unit's payload, removing emulation-prevention
/// bytes on the fly: inside a NAL unit the encoder inserts 0x03 after every 00 00 that would otherwise be followed by
/// 00, 01, 02 or 03 (§7.4.1), and that byte is not part of the RBSP. Reading past the end never throws: it sets
/// <see cref="Overrun"/> and returns zeros, so a parser checks once at the points where it decides.
/// </summary>
internal ref struct RbspBitReader
{
    private readonly ReadOnlySpan<byte> data;
    private int position;
    private int zeros;
    private int current;
    private int bitsLeft;

    /// <summary>A reader over escaped NAL unit bytes (the header byte already skipped by the caller).</summary>
    public RbspBitReader(ReadOnlySpan<byte> escaped)
    {
        data = escaped;
    }

    /// <summary>Whether a read went past the end of the data.</summary>
    public bool Overrun { get; private set; }

    /// <summary>One bit.</summary>
    public int ReadBit()
    {
        if (bitsLeft == 0 && !LoadByte())
        {
            Overrun = true;
            return 0;
        }

        bitsLeft--;
        return (current >> bitsLeft) & 1;
    }

    /// <summary><paramref name="count"/> bits (at most 32), most significant first.</summary>
    public uint ReadBits(int count)
    {
        uint value = 0;
        for (var i = 0; i < count; i++)
        {
            value = (value << 1) | (uint)ReadBit();
        }

        return value;
    }

    /// <summary>ue(v): an unsigned Exp-Golomb code; false when longer than 32 bits or cut short.</summary>
    public bool TryReadUnsigned(out uint value)
    {
        var leadingZeros = 0;
        while (ReadBit() == 0)
        {
            if (Overrun || ++leadingZeros > 31)
            {
                value = 0;
                return false;
            }
        }

        var suffix = ReadBits(leadingZeros);
        value = (uint)((1UL << leadingZeros) - 1 + suffix);
        return !Overrun;
    }

    /// <summary>se(v): a signed Exp-Golomb code (§9.1.1).</summary>
    public bool TryReadSigned(out int value)
    {
        if (!TryReadUnsigned(out var code))
        {
            value = 0;
            return false;
        }

        value = (code & 1) == 1 ? (int)((code + 1) / 2) : -(int)(code / 2);
        return true;
    }

    private bool LoadByte()
    {
        if (position >= data.Length)
        {
            return false;
        }

        if (zeros >= 2 && data[position] == 0x03)
        {
            position++;
            zeros = 0;
            if (position >= data.Length)
            {
                return false;
            }
        }

        current = data[position++];
        zeros = current == 0 ? zeros + 1 : 0;
        bitsLeft = 8;
        return true;
    }
}
