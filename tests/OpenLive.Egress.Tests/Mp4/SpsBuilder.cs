namespace OpenLive.Egress.Tests.Mp4;

/// <summary>
/// Writes an H.264 SPS field by field (bits, ue(v), se(v)), then the stop bit and the emulation prevention an encoder
/// adds (0x03 after 00 00 before a byte ≤ 3), so tests can make the SPS shapes real encoders rarely send.
/// </summary>
internal sealed class SpsBuilder
{
    private readonly List<bool> bits = [];

    public SpsBuilder Bits(ulong value, int count)
    {
        for (var i = count - 1; i >= 0; i--)
        {
            bits.Add(((value >> i) & 1) == 1);
        }

        return this;
    }

    public SpsBuilder Ue(ulong value)
    {
        var code = value + 1;
        var length = 64 - System.Numerics.BitOperations.LeadingZeroCount(code);
        return Bits(0, length - 1).Bits(code, length);
    }

    public SpsBuilder Se(long value) => Ue(value > 0 ? (ulong)((2 * value) - 1) : (ulong)(-2 * value));

    /// <summary>The NAL unit: header 0x67, the escaped RBSP with its stop bit.</summary>
    public byte[] ToNal()
    {
        var all = new List<bool>(bits) { true };
        while (all.Count % 8 != 0)
        {
            all.Add(false);
        }

        var rbsp = new byte[all.Count / 8];
        for (var i = 0; i < all.Count; i++)
        {
            if (all[i])
            {
                rbsp[i / 8] |= (byte)(0x80 >> (i % 8));
            }
        }

        var nal = new List<byte> { 0x67 };
        var zeros = 0;
        foreach (var b in rbsp)
        {
            if (zeros >= 2 && b <= 3)
            {
                nal.Add(0x03);
                zeros = 0;
            }

            nal.Add(b);
            zeros = b == 0 ? zeros + 1 : 0;
        }

        return [.. nal];
    }
}
