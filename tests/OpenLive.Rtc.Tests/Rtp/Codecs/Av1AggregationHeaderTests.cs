using CsCheck;
using OpenLive.Rtc.Rtp.Codecs;
using OpenLive.Rtc.Tests.Rtp;

namespace OpenLive.Rtc.Tests.Rtp.Codecs;

public sealed class Av1AggregationHeaderTests
{
    // AV1 RTP spec §4.4: Z=0 Y=0 W=0 N=1, then a LEB128-sized OBU element: an OBU_FRAME with an extension header (TID 2, SID 1).
    private static readonly byte[] NewSequence = Convert.FromHexString("08" + "0A" + "34" + "48" + "0102030405060708");

    [Fact]
    public void NewCodedVideoSequence_IsAKeyframe_WithTheFirstObusLayers()
    {
        Assert.True(Av1AggregationHeader.TryParse(NewSequence, out var h));
        Assert.True(h.IsKeyframe);
        Assert.False(h.IsContinuation);
        Assert.Equal(0, h.ObuElementCount);
        Assert.Equal(Av1AggregationHeader.ObuFrame, h.FirstObuType);
        Assert.True(h.HasObuExtension);
        Assert.Equal(2, h.TemporalId);
        Assert.Equal(1, h.SpatialId);
    }

    [Fact]
    public void SingleElementPackets_HaveNoLengthField()
    {
        // W=1 N=1: a sequence header OBU (type 1) without a length prefix.
        Assert.True(Av1AggregationHeader.TryParse(Convert.FromHexString("18" + "08" + "000000"), out var h));
        Assert.True(h.IsKeyframe);
        Assert.Equal(1, h.ObuElementCount);
        Assert.Equal(Av1AggregationHeader.ObuSequenceHeader, h.FirstObuType);
        Assert.False(h.HasObuExtension);
    }

    [Fact]
    public void Continuations_StartNoObu()
    {
        Assert.True(Av1AggregationHeader.TryParse(Convert.FromHexString("D0" + "AABB"), out var h));
        Assert.True(h.IsContinuation);
        Assert.True(h.ContinuesInNextPacket);
        Assert.False(h.IsKeyframe);
        Assert.Equal(Av1AggregationHeader.NoObu, h.FirstObuType);
    }

    [Theory]
    [InlineData("")]
    [InlineData("08")] // no element
    [InlineData("0805")] // LEB128 length longer than the packet
    [InlineData("0880")] // LEB128 cut
    [InlineData("08FFFFFFFFFFFFFFFF01")] // LEB128 over 8 bytes
    [InlineData("0800")] // empty element
    [InlineData("080134")] // extension flag without the extension byte
    public void MalformedPayloads_AreRejected(string hex) =>
        Assert.False(Av1AggregationHeader.TryParse(Convert.FromHexString(hex), out _));

    [Fact]
    public void RandomAndMutatedPayloads_NeverThrow()
    {
        Gen.Byte.Array[0, 20].Sample(bytes => { _ = Av1AggregationHeader.TryParse(bytes, out _); }, iter: 20_000);
        Mutations.Of(NewSequence).Sample(bytes => { _ = Av1AggregationHeader.TryParse(bytes, out _); }, iter: 5_000);
    }
}
