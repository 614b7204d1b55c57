using CsCheck;
using OpenLive.Rtc.Rtp.Codecs;
using OpenLive.Rtc.Tests.Rtp;

namespace OpenLive.Rtc.Tests.Rtp.Codecs;

public sealed class Vp8DescriptorTests
{
    // RFC 7741 §4.2: X=1 S=1 PID=0 | I L T | M=1 picture id 0x0123 | TL0PICIDX 5 | TID 0 Y=1,
    // then the VP8 payload header of a keyframe (P=0, RFC 7741 §4.3) and the keyframe start code 9D 01 2A.
    private static readonly byte[] Keyframe = Convert.FromHexString("90E0812305" + "20" + "1002009D012A");

    [Fact]
    public void Keyframe_StartOfFrame_WithAllOptionalFields()
    {
        Assert.True(Vp8Descriptor.TryParse(Keyframe, out var d));
        Assert.True(d.IsStartOfFrame);
        Assert.True(d.IsKeyframe);
        Assert.False(d.IsNonReference);
        Assert.Equal(0x0123, d.PictureId);
        Assert.Equal(15, d.PictureIdWidth);
        Assert.Equal(2, d.PictureIdOffset);
        Assert.Equal(5, d.Tl0PicIdx);
        Assert.Equal(4, d.Tl0PicIdxOffset);
        Assert.True(d.HasTemporalLayer);
        Assert.Equal(0, d.TemporalLayer);
        Assert.True(d.IsLayerSync);
        Assert.False(d.HasKeyIndex);
        Assert.Equal(6, d.Length);
    }

    [Fact]
    public void InterFrame_HasPayloadHeaderPBitSet()
    {
        // X=1, N=1, S=1 | I T | 7-bit picture id 0x42 | TID 2 | payload header with P=1.
        Assert.True(Vp8Descriptor.TryParse(Convert.FromHexString("B0A042" + "80" + "31AB"), out var d));
        Assert.True(d.IsStartOfFrame);
        Assert.False(d.IsKeyframe);
        Assert.True(d.IsNonReference);
        Assert.Equal(0x42, d.PictureId);
        Assert.Equal(7, d.PictureIdWidth);
        Assert.Equal(2, d.TemporalLayer);
        Assert.False(d.HasTl0PicIdx);
    }

    [Fact]
    public void ContinuationAndLaterPartitions_AreNotFrameStarts()
    {
        Assert.True(Vp8Descriptor.TryParse(Convert.FromHexString("80E0812305201002"), out var middle));
        Assert.False(middle.IsStartOfFrame);
        Assert.False(middle.IsKeyframe);
        Assert.True(Vp8Descriptor.TryParse(Convert.FromHexString("111002"), out var partition1));
        Assert.False(partition1.IsStartOfFrame);
        Assert.Equal(1, partition1.PartitionIndex);
        Assert.True(Vp8Descriptor.TryParse(Convert.FromHexString("1010"), out var minimal));
        Assert.True(minimal.IsKeyframe);
        Assert.False(minimal.HasPictureId);
        Assert.Equal(1, minimal.Length);
    }

    [Fact]
    public void KeyIndex_IsReadFromTheTkByte()
    {
        Assert.True(Vp8Descriptor.TryParse(Convert.FromHexString("9010" + "1F" + "10"), out var d));
        Assert.True(d.HasKeyIndex);
        Assert.False(d.HasTemporalLayer);
        Assert.Equal(31, d.KeyIndex);
        Assert.Equal(0, d.TemporalLayer);
    }

    [Theory]
    [InlineData("")]
    [InlineData("90")]
    [InlineData("9080")]
    [InlineData("908081")]
    [InlineData("9040")]
    [InlineData("9020")]
    public void TruncatedDescriptors_AreRejected(string hex) =>
        Assert.False(Vp8Descriptor.TryParse(Convert.FromHexString(hex), out _));

    [Fact]
    public void Rewrite_KeepsTheFieldWidths()
    {
        var payload = (byte[])Keyframe.Clone();
        Assert.True(Vp8Descriptor.TryParse(payload, out var d));
        Assert.True(d.TryRewritePictureId(payload, 0x1_7FFE));
        Assert.True(d.TryRewriteTl0PicIdx(payload, 200));
        Assert.True(Vp8Descriptor.TryParse(payload, out var rewritten));
        Assert.Equal((0x7FFE, 200, 6), (rewritten.PictureId, (int)rewritten.Tl0PicIdx, rewritten.Length));
        Assert.Equal(Keyframe[6..], payload[6..]);

        var shortId = Convert.FromHexString("90804210");
        Assert.True(Vp8Descriptor.TryParse(shortId, out var s));
        Assert.True(s.TryRewritePictureId(shortId, 200));
        Assert.False(s.TryRewriteTl0PicIdx(shortId, 1));
        Assert.True(Vp8Descriptor.TryParse(shortId, out var sRewritten));
        Assert.Equal(200 & 0x7F, sRewritten.PictureId);
        Assert.Equal(3, sRewritten.Length);
    }

    [Fact]
    public void RandomAndMutatedPayloads_NeverThrow()
    {
        Gen.Byte.Array[0, 12].Sample(bytes => Check(bytes), iter: 20_000);
        Mutations.Of(Keyframe).Sample(bytes => Check(bytes), iter: 5_000);
    }

    private static bool Check(byte[] bytes)
    {
        if (!Vp8Descriptor.TryParse(bytes, out var d))
        {
            return true;
        }

        var copy = (byte[])bytes.Clone();
        d.TryRewritePictureId(copy, 1234);
        d.TryRewriteTl0PicIdx(copy, 9);
        return d.Length <= bytes.Length && Vp8Descriptor.TryParse(copy, out var again) && again.Length == d.Length;
    }

    // A keyframe's first packet with the whole header: descriptor X=1 S=1 | I | M=1 picture id, then the frame tag
    // (P=0), the start code and 640x360 (RFC 6386 §9.1), then frame data.
    private static readonly byte[] SizedKeyframe = Convert.FromHexString("90808123" + "100200" + "9D012A" + "8002" + "6801" + "FF");

    [Fact]
    public void KeyframeSize_IsReadFromTheKeyframeHeader()
    {
        Assert.True(Vp8Descriptor.TryReadKeyframeSize(SizedKeyframe, out var width, out var height));
        Assert.Equal((640, 360), (width, height));
    }

    [Fact]
    public void KeyframeSize_OfAnInterframe_ABadStartCode_OrATruncatedHeader_IsNone()
    {
        var interframe = (byte[])SizedKeyframe.Clone();
        interframe[4] |= 0x01; // P=1
        var wrongStart = (byte[])SizedKeyframe.Clone();
        wrongStart[7] = 0x9C;
        Assert.False(Vp8Descriptor.TryReadKeyframeSize(interframe, out _, out _));
        Assert.False(Vp8Descriptor.TryReadKeyframeSize(wrongStart, out _, out _));
        for (var length = 0; length < SizedKeyframe.Length - 1; length++)
        {
            Assert.False(Vp8Descriptor.TryReadKeyframeSize(SizedKeyframe.AsSpan(0, length), out _, out _), $"truncated to {length}");
        }
    }

    [Fact]
    public void KeyframeSize_NeverThrows_OnAnyBytes()
    {
        Gen.Byte.Array[0, 24].Sample(bytes => Vp8Descriptor.TryReadKeyframeSize(bytes, out _, out _) || true, iter: 20_000);
        Mutations.Of(SizedKeyframe).Sample(bytes => Vp8Descriptor.TryReadKeyframeSize(bytes, out _, out _) || true, iter: 5_000);
    }
}
