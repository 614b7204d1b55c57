namespace OpenLive.Egress.Media;

/// <summary>
/// Reads big-endian bit fields and variable-length codes from a codec header: the f(n) and uvlc() of the VP9 and AV1
/// bitstream specifications, the u(n), ue(v) and se(v) of ITU-T H.264 (§7.2, §9.1). For an H.264 NAL unit the
/// emulation-prevention bytes are removed on the fly (<c>removeEmulationPrevention</c>): inside a NAL unit the encoder
/// inserts 0x03 after every 00 00 that would otherwise be followed by 00, 01, 02 or 03 (§7.4.1), and that byte is not
/// part of the RBSP. Reading past the end never throws: it sets <see cref="Overrun"/> and returns zeros, so a parser
/// checks once at the points where it decides.
/// </summary>
internal ref struct BitReader
{
    private readonly ReadOnlySpan<byte> _data;
    private readonly bool _removeEmulationPrevention;
    private int _position;
    private int _zeros;
    private int _current;
    private int _bitsLeft;

    /// <summary>A reader over <paramref name="data"/>; for an H.264 NAL unit (its header byte skipped by the caller) remove the emulation prevention.</summary>
    public BitReader(ReadOnlySpan<byte> data, bool removeEmulationPrevention = false)
    {
        _data = data;
        _removeEmulationPrevention = removeEmulationPrevention;
    }

    /// <summary>Whether a read went past the end of the data.</summary>
    public bool Overrun { get; private set; }

    /// <summary>One bit.</summary>
    public int ReadBit()
    {
        if (_bitsLeft == 0 && !LoadByte())
        {
            Overrun = true;
            return 0;
        }

        _bitsLeft--;
        return (_current >> _bitsLeft) & 1;
    }

    /// <summary>One bit as a flag.</summary>
    public bool ReadFlag() => ReadBit() != 0;

    /// <summary><paramref name="count"/> bits (0–32), most significant first.</summary>
    public uint ReadBits(int count)
    {
        uint value = 0;
        for (var i = 0; i < count; i++)
        {
            value = (value << 1) | (uint)ReadBit();
        }

        return value;
    }

    /// <summary>uvlc() (AV1 bitstream §4.10.3); values past 2^32 − 1 saturate.</summary>
    public uint ReadUvlc()
    {
        var leadingZeros = 0;
        while (!Overrun && !ReadFlag())
        {
            leadingZeros++;
        }

        return leadingZeros >= 32 ? uint.MaxValue : ReadBits(leadingZeros) + ((1u << leadingZeros) - 1);
    }

    /// <summary>ue(v): an unsigned Exp-Golomb code (H.264 §9.1); false when longer than 32 bits or cut short.</summary>
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

    /// <summary>se(v): a signed Exp-Golomb code (H.264 §9.1.1).</summary>
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
        if (_position >= _data.Length)
        {
            return false;
        }

        if (_removeEmulationPrevention && _zeros >= 2 && _data[_position] == 0x03)
        {
            _position++;
            _zeros = 0;
            if (_position >= _data.Length)
            {
                return false;
            }
        }

        _current = _data[_position++];
        _zeros = _current == 0 ? _zeros + 1 : 0;
        _bitsLeft = 8;
        return true;
    }
}
