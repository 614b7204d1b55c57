using CsCheck;
using OpenLive.Rtc.Rtp.Codecs;
using OpenLive.Rtc.Tests.Rtp;

namespace OpenLive.Rtc.Tests.Rtp.Codecs;

public sealed class Vp9DescriptorTests
{
    // RFC 9628 §4.2, non-flexible mode: I P=0 L F=0 B E=0 V | M=1 picture id 5 | TID0 SID0 | TL0PICIDX 7 |
    // SS (§4.2.1): N_S=2 Y G | 320x180 640x360 1280x720 | N_G=1: TID0 R=1 P_DIFF 1 | then the VP9 frame.
    private static readonly byte[] Keyframe = Convert.FromHexString(
        "AA" + "8005" + "00" + "07" + "58" + "014000B4" + "02800168" + "050002D0" + "01" + "04" + "01" + "824983");

    [Fact]
    public void NonFlexibleKeyframe_WithScalabilityStructure()
    {
        Assert.True(Vp9Descriptor.TryParse(Keyframe, out var d));
        Assert.True(d.IsKeyframe);
        Assert.True(d.IsStartOfFrame);
        Assert.False(d.IsEndOfFrame);
        Assert.False(d.IsFlexibleMode);
        Assert.Equal(5, d.PictureId);
        Assert.Equal(15, d.PictureIdWidth);
        Assert.Equal(0, d.SpatialLayer);
        Assert.Equal(7, d.Tl0PicIdx);
        Assert.Equal(3, d.SpatialLayerCount);
        Assert.True(d.HasResolutions);
        Assert.True(d.TryGetResolution(Keyframe, 2, out var width, out var height));
        Assert.Equal((1280, 720), (width, height));
        Assert.False(d.TryGetResolution(Keyframe, 3, out _, out _));
        Assert.Equal(21, d.Length);
    }

    [Fact]
    public void FlexibleInterFrame_CountsReferences()
    {
        // I P L F B E | 7-bit picture id 0x12 | TID2 U SID1 D | P_DIFF 1 (N=1), P_DIFF 2.
        Assert.True(Vp9Descriptor.TryParse(Convert.FromHexString("FC" + "12" + "53" + "03" + "04" + "AA"), out var d));
        Assert.False(d.IsKeyframe);
        Assert.True(d.IsFlexibleMode);
        Assert.Equal(0x12, d.PictureId);
        Assert.Equal(2, d.TemporalLayer);
        Assert.True(d.IsSwitchingUpPoint);
        Assert.Equal(1, d.SpatialLayer);
        Assert.True(d.HasInterLayerDependency);
        Assert.Equal(2, d.ReferenceCount);
        Assert.False(d.HasTl0PicIdx);
        Assert.Equal(5, d.Length);
    }

    [Fact]
    public void IntraFrameOfAnUpperSpatialLayer_IsNotAKeyframe()
    {
        // B=1 P=0 but SID=1.
        Assert.True(Vp9Descriptor.TryParse(Convert.FromHexString("A8" + "05" + "02" + "00" + "AA"), out var d));
        Assert.Equal(1, d.SpatialLayer);
        Assert.False(d.IsKeyframe);
    }

    [Theory]
    [InlineData("")]
    [InlineData("80")]
    [InlineData("8080")]
    [InlineData("20")]
    [InlineData("2000")] // non-flexible L needs TL0PICIDX
    [InlineData("5003030303")] // four P_DIFF entries
    [InlineData("0A58014000B4")] // SS resolutions cut
    [InlineData("0A08")] // SS N_G missing
    [InlineData("0A080104")] // SS group P_DIFF missing
    public void TruncatedOrOverlongDescriptors_AreRejected(string hex) =>
        Assert.False(Vp9Descriptor.TryParse(Convert.FromHexString(hex), out _));

    [Fact]
    public void Rewrite_KeepsTheFieldWidths()
    {
        var payload = (byte[])Keyframe.Clone();
        Assert.True(Vp9Descriptor.TryParse(payload, out var d));
        Assert.True(d.TryRewritePictureId(payload, 0x4321));
        Assert.True(d.TryRewriteTl0PicIdx(payload, 99));
        Assert.True(Vp9Descriptor.TryParse(payload, out var rewritten));
        Assert.Equal((0x4321, 99, 21), (rewritten.PictureId, (int)rewritten.Tl0PicIdx, rewritten.Length));
    }

    [Fact]
    public void RandomAndMutatedPayloads_NeverThrow()
    {
        Gen.Byte.Array[0, 30].Sample(bytes => !Vp9Descriptor.TryParse(bytes, out var d) || (d.Length <= bytes.Length && !d.TryGetResolution(bytes, -1, out _, out _)), iter: 20_000);
        Mutations.Of(Keyframe).Sample(bytes =>
        {
            if (Vp9Descriptor.TryParse(bytes, out var d))
            {
                for (var layer = 0; layer < 8; layer++)
                {
                    d.TryGetResolution(bytes, layer, out _, out _);
                }

                Assert.InRange(d.Length, 1, bytes.Length);
            }
        }, iter: 5_000);
    }
}
