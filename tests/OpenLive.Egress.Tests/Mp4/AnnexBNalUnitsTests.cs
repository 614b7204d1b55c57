using OpenLive.Egress.Mp4;

namespace OpenLive.Egress.Tests.Mp4;

public sealed class AnnexBNalUnitsTests
{
    [Fact]
    public void ThreeAndFourByteStartCodes_SplitNalUnits_WithoutTheirTrailingZeros()
    {
        byte[] stream = [0x00, 0x00, 0x00, 0x01, 0x09, 0xF0, 0x00, 0x00, 0x01, 0x67, 0x42, 0xC0, 0x00, 0x00, 0x00, 0x01, 0x65, 0x88, 0x00];
        Assert.Equal(["09F0", "6742C0", "6588"], Units(stream));
    }

    [Fact]
    public void BytesBeforeTheFirstStartCode_AreNotANalUnit() =>
        Assert.Equal(["41"], Units([0xAA, 0xBB, 0x00, 0x00, 0x01, 0x41]));

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0x00, 0x00, 0x01 })]
    [InlineData(new byte[] { 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01 })]
    [InlineData(new byte[] { 0x65, 0x88, 0x84 })]
    public void NoNalUnit_IsFound_InEmptyOrStartCodeOnlyInput(byte[] stream) => Assert.Empty(Units(stream));

    [Fact]
    public void EmulationPreventedZeros_DoNotEndANalUnit() =>
        Assert.Equal(["670000030001"], Units([0x00, 0x00, 0x01, 0x67, 0x00, 0x00, 0x03, 0x00, 0x01]));

    private static List<string> Units(byte[] stream)
    {
        var units = new List<string>();
        foreach (var nal in new AnnexBNalUnits(stream))
        {
            units.Add(Convert.ToHexString(nal));
        }

        return units;
    }
}
