using OpenLive.Egress.Media;

namespace OpenLive.Egress.Tests.Media;

/// <summary>The one bit reader of the VP9/AV1 headers (plain bytes) and the H.264 SPS (RBSP: emulation prevention removed).</summary>
public sealed class BitReaderTests
{
    [Fact]
    public void ReadBits_ReadsMostSignificantFirst_AcrossBytes()
    {
        var bits = new BitReader([0b1010_0000, 0xFF, 0x01]);
        Assert.Equal(0b101u, bits.ReadBits(3));
        Assert.False(bits.ReadFlag());
        Assert.Equal(0x0FF0u, bits.ReadBits(16));
        Assert.Equal(1u, bits.ReadBits(4));
        Assert.False(bits.Overrun);
    }

    [Fact]
    public void PastTheEnd_ReadsZeros_AndSetsOverrun_WithoutThrowing()
    {
        var bits = new BitReader([0xFF]);
        Assert.Equal(0xFF0u, bits.ReadBits(12));
        Assert.True(bits.Overrun);
        Assert.False(bits.TryReadUnsigned(out _));
    }

    [Fact]
    public void ExpGolombAndUvlc_DecodeTheSpecExamples()
    {
        // ue(v): 1 → 0, 010 → 1, 011 → 2, 00100 → 3; se(v): 00101 → -2 (H.264 §9.1.1); uvlc 00111 → 6 (AV1 §4.10.3).
        var bits = new BitReader([0b1010_0110, 0b0100_0010, 0b1001_1100]);
        Assert.True(bits.TryReadUnsigned(out var a) && a == 0);
        Assert.True(bits.TryReadUnsigned(out var b) && b == 1);
        Assert.True(bits.TryReadUnsigned(out var c) && c == 2);
        Assert.True(bits.TryReadUnsigned(out var d) && d == 3);
        Assert.True(bits.TryReadSigned(out var e) && e == -2);
        Assert.Equal(6u, bits.ReadUvlc());
    }

    [Fact]
    public void EmulationPrevention_IsRemovedOnlyWhenAsked()
    {
        byte[] escaped = [0x00, 0x00, 0x03, 0x01, 0xAB];
        var rbsp = new BitReader(escaped, removeEmulationPrevention: true);
        Assert.Equal(0x000001ABu, rbsp.ReadBits(32));
        Assert.False(rbsp.Overrun);

        var plain = new BitReader(escaped);
        Assert.Equal(0x00000301u, plain.ReadBits(32));
    }
}
