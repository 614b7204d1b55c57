namespace OpenLive.Egress.WebM;

/// <summary>
/// Reads big-endian bit fields (the f(n) of the VP9 and AV1 bitstream specifications). Reading past the end yields
/// zeros and sets <see cref="Overrun"/> instead of throwing, so a parser checks once at the end.
/// </summary>
internal ref struct BitReader(ReadOnlySpan<byte> data)
{
    private readonly ReadOnlySpan<byte> _data = data;
    private int _bit;

    /// <summary>Whether a read went past the end of the data.</summary>
    public bool Overrun { get; private set; }

    /// <summary>Reads <paramref name="count"/> (0–32) bits, most significant first.</summary>
    public uint Read(int count)
    {
        uint value = 0;
        for (var i = 0; i < count; i++)
        {
            var byteIndex = _bit >> 3;
            uint bit = 0;
            if (byteIndex < _data.Length)
            {
                bit = (uint)(_data[byteIndex] >> (7 - (_bit & 7))) & 1;
            }
            else
            {
                Overrun = true;
            }

            value = (value << 1) | bit;
            _bit++;
        }

        return value;
    }

    /// <summary>Reads one bit as a flag.</summary>
    public bool ReadFlag() => Read(1) != 0;

    /// <summary>Reads uvlc() (AV1 bitstream §4.10.3); values past 2^32 − 1 saturate.</summary>
    public uint ReadUvlc()
    {
        var leadingZeros = 0;
        while (!Overrun && !ReadFlag())
        {
            leadingZeros++;
        }

        return leadingZeros >= 32 ? uint.MaxValue : Read(leadingZeros) + ((1u << leadingZeros) - 1);
    }
}
