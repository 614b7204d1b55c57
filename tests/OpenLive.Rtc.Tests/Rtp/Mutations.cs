using CsCheck;

namespace OpenLive.Rtc.Tests.Rtp;

/// <summary>Damaged variants of valid packets for parser fuzzing: truncations, byte replacements and bit flips.</summary>
internal static class Mutations
{
    public static Gen<byte[]> Of(byte[] valid) =>
        valid.Length == 0
            ? Gen.Const(valid)
            : Gen.OneOf(
                Gen.Int[0, valid.Length].Select(cut => valid[..cut]),
                Gen.Select(Gen.Int[0, valid.Length - 1], Gen.Byte, (index, value) => Replace(valid, index, value)),
                Gen.Select(Gen.Int[0, valid.Length - 1], Gen.Int[0, 7], (index, bit) => Replace(valid, index, (byte)(valid[index] ^ (1 << bit)))));

    public static Gen<byte[]> Of(Gen<byte[]> valid) => valid.SelectMany(Of);

    private static byte[] Replace(byte[] valid, int index, byte value)
    {
        var copy = (byte[])valid.Clone();
        copy[index] = value;
        return copy;
    }
}
