using CsCheck;
using OpenLive.Rtc.Rtp.Codecs;
using OpenLive.Rtc.Tests.Rtp;

namespace OpenLive.Rtc.Tests.Rtp.Codecs;

public sealed class H264PayloadTests
{
    // RFC 6184 §5.7.1 STAP-A (type 24) carrying an SPS (Baseline, level 3.1) and a PPS, as sent ahead of an IDR.
    private static readonly byte[] StapA = Convert.FromHexString("78" + "000A" + "6742C01FDA01400B2100" + "0004" + "68CE3C80");

    [Fact]
    public void StapA_WithSpsAndPps_IsAKeyframeStart()
    {
        Assert.True(H264Payload.TryParse(StapA, out var info));
        Assert.Equal(H264PacketKind.StapA, info.Kind);
        Assert.Equal(H264Payload.NalSps, info.NalType);
        Assert.True(info.ContainsSps);
        Assert.True(info.ContainsPps);
        Assert.False(info.ContainsIdr);
        Assert.True(info.IsKeyframe);
        Assert.True(info.IsStartOfFrame);
    }

    [Theory]
    [InlineData("6588840021", H264PacketKind.SingleNal, 5, true, true)] // IDR slice, first_mb_in_slice = 0
    [InlineData("419A0102", H264PacketKind.SingleNal, 1, false, true)] // non-IDR slice, first_mb_in_slice = 0
    [InlineData("411A0102", H264PacketKind.SingleNal, 1, false, false)] // non-IDR slice further into the picture
    [InlineData("0910", H264PacketKind.SingleNal, 9, false, true)] // access unit delimiter
    [InlineData("7C858884", H264PacketKind.FuA, 5, true, true)] // FU-A S=1 of an IDR slice (RFC 6184 §5.8)
    [InlineData("7C058884", H264PacketKind.FuA, 5, false, false)] // FU-A middle fragment
    [InlineData("7C458884", H264PacketKind.FuA, 5, false, false)] // FU-A E=1
    [InlineData("5C81", H264PacketKind.FuA, 1, false, false)] // FU-A S=1, slice data not yet present
    [InlineData("19000102", H264PacketKind.Other, 25, false, false)] // STAP-B: interleaved mode only
    [InlineData("00", H264PacketKind.Other, 0, false, false)]
    public void Packets_AreClassified(string hex, H264PacketKind kind, int nalType, bool keyframe, bool startOfFrame)
    {
        Assert.True(H264Payload.TryParse(Convert.FromHexString(hex), out var info));
        Assert.Equal((kind, nalType, keyframe, startOfFrame), (info.Kind, info.NalType, info.IsKeyframe, info.IsStartOfFrame));
    }

    [Fact]
    public void FuA_ReportsFragmentBoundaries()
    {
        Assert.True(H264Payload.TryParse(Convert.FromHexString("7C8588"), out var start));
        Assert.True(H264Payload.TryParse(Convert.FromHexString("7C4588"), out var end));
        Assert.True(start.IsFragmentStart && !start.IsFragmentEnd);
        Assert.True(end.IsFragmentEnd && !end.IsFragmentStart);
    }

    [Theory]
    [InlineData("")]
    [InlineData("7C")] // FU-A without its header
    [InlineData("78")] // STAP-A without units
    [InlineData("7800")] // STAP-A size cut
    [InlineData("7800056742")] // STAP-A unit cut
    [InlineData("780000")] // STAP-A zero-size unit
    public void MalformedPayloads_AreRejected(string hex) =>
        Assert.False(H264Payload.TryParse(Convert.FromHexString(hex), out _));

    [Fact]
    public void RandomAndMutatedPayloads_NeverThrow()
    {
        Gen.Byte.Array[0, 40].Sample(bytes => { _ = H264Payload.TryParse(bytes, out _); }, iter: 20_000);
        Mutations.Of(StapA).Sample(bytes => { _ = H264Payload.TryParse(bytes, out _); }, iter: 5_000);
    }
}
