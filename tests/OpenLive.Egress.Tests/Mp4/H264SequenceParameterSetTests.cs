using OpenLive.Egress.Mp4;

namespace OpenLive.Egress.Tests.Mp4;

public sealed class H264SequenceParameterSetTests(EncodedMedia media) : IClassFixture<EncodedMedia>
{
    [Fact]
    public void RealEncoderSps_GivesProfileLevelAndTheCroppedSize()
    {
        Assert.Equal(H264SpsStatus.Ok, H264SequenceParameterSet.TryRead(FirstSps(media.Video[0]), out var small));
        Assert.Equal((66, 320, 240, 1, 8), (small.ProfileIdc, small.Width, small.Height, small.ChromaFormatIdc, small.BitDepthLuma));

        // 360 is 22.5 macroblocks: the encoder codes 23 and crops 8 lines.
        Assert.Equal(H264SpsStatus.Ok, H264SequenceParameterSet.TryRead(FirstSps(media.LargerVideo[0]), out var larger));
        Assert.Equal((640, 360), (larger.Width, larger.Height));
    }

    [Fact]
    public void HighProfileSps_WithScalingLists_PocType1_FieldsAndCropping_IsRead()
    {
        // High profile 4:2:0 8-bit, a scaling list, POC type 1 with offsets large enough that the RBSP holds 00 00 00
        // (emulation prevention needed), interlaced (frame_mbs_only 0), 1920x1080 coded as 120 x 34 map units, cropped.
        var builder = new SpsBuilder()
            .Bits(100, 8).Bits(0, 8).Bits(40, 8) // profile_idc, constraints, level_idc
            .Ue(0) // seq_parameter_set_id
            .Ue(1).Ue(0).Ue(0).Bits(0, 1) // chroma_format_idc, bit depths, qpprime
            .Bits(1, 1).Bits(1, 1); // seq_scaling_matrix_present_flag, list 0 present
        for (var j = 0; j < 16; j++)
        {
            builder.Se(j == 0 ? 8 : 1); // delta_scale
        }

        builder.Bits(0, 7) // lists 1..7 absent
            .Ue(0) // log2_max_frame_num_minus4
            .Ue(1).Bits(0, 1).Se(1 << 20).Se(1 << 20).Ue(2).Se(1).Se(-1) // POC type 1, its offsets and cycle
            .Ue(4).Bits(0, 1) // max_num_ref_frames, gaps
            .Ue(119).Ue(33) // 120 macroblocks wide, 34 map units high
            .Bits(0, 1).Bits(0, 1).Bits(1, 1) // frame_mbs_only 0, mb_adaptive, direct_8x8
            .Bits(1, 1).Ue(0).Ue(0).Ue(0).Ue(2) // cropping: bottom 2 units (4:2:0 field: 4 lines each)
            .Bits(0, 1); // no VUI
        var nal = builder.ToNal();
        Assert.Contains(nal.Select((b, i) => (b, i)), x => x.i > 2 && x.b == 0x03 && nal[x.i - 1] == 0 && nal[x.i - 2] == 0);

        Assert.Equal(H264SpsStatus.Ok, H264SequenceParameterSet.TryRead(nal, out var sps));
        Assert.Equal((100, 40, 1920, 34 * 16 * 2 - 8, true), (sps.ProfileIdc, sps.LevelIdc, sps.Width, sps.Height, sps.HasChromaFields));
    }

    [Fact]
    public void EveryCutOfARealSps_ReportsAStatus_NeverThrows()
    {
        var sps = FirstSps(media.LargerVideo[0]);
        for (var length = 0; length < sps.Length; length++)
        {
            var status = H264SequenceParameterSet.TryRead(sps.AsSpan(0, length), out _);
            Assert.True(length >= 1 ? status is H264SpsStatus.Truncated or H264SpsStatus.Ok : status == H264SpsStatus.NotSps, $"{length} bytes: {status}");
        }

        Assert.Equal(H264SpsStatus.Truncated, H264SequenceParameterSet.TryRead(sps.AsSpan(0, 4), out _));
    }

    [Theory]
    [InlineData("68CE0FC8", "NotSps")] // a PPS
    [InlineData("E742C00D", "NotSps")] // forbidden_zero_bit set
    [InlineData("6742C00D0000000000FF", "OutOfRange")] // seq_parameter_set_id over 32 bits of Exp-Golomb
    [InlineData("6742C00D0430", "OutOfRange")] // seq_parameter_set_id 32 (ue 00000 100001; at most 31)
    public void BadSps_ReportsItsStatus(string hex, string expected) =>
        Assert.Equal(expected, H264SequenceParameterSet.TryRead(Convert.FromHexString(hex), out _).ToString());

    [Fact]
    public void ZeroOrOversizedPictures_AreOutOfRange()
    {
        static byte[] Sized(ulong widthMbsMinus1, ulong cropRight) => new SpsBuilder()
            .Bits(66, 8).Bits(0xC0, 8).Bits(30, 8).Ue(0).Ue(0).Ue(2).Ue(1).Bits(0, 1)
            .Ue(widthMbsMinus1).Ue(14).Bits(1, 1).Bits(1, 1)
            .Bits(1, 1).Ue(0).Ue(cropRight).Ue(0).Ue(0).Bits(0, 1).ToNal();

        Assert.Equal(H264SpsStatus.Ok, H264SequenceParameterSet.TryRead(Sized(19, 0), out var ok));
        Assert.Equal((320, 240), (ok.Width, ok.Height));
        Assert.Equal(H264SpsStatus.OutOfRange, H264SequenceParameterSet.TryRead(Sized(19, 160), out _)); // cropped to 0
        Assert.Equal(H264SpsStatus.OutOfRange, H264SequenceParameterSet.TryRead(Sized(1024, 0), out _)); // 16,400 px
    }

    private static byte[] FirstSps(byte[] accessUnit)
    {
        foreach (var nal in new AnnexBNalUnits(accessUnit))
        {
            if (AnnexBNalUnits.TypeOf(nal) == H264NalType.Sps)
            {
                return nal.ToArray();
            }
        }

        throw new InvalidOperationException("no SPS in the access unit");
    }
}
