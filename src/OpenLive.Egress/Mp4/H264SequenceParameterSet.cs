using OpenLive.Egress.Media;

namespace OpenLive.Egress.Mp4;

/// <summary>
/// What the MP4 writer needs from an H.264 sequence parameter set (ITU-T H.264 §7.3.2.1.1): the profile, constraint
/// flags and level for the 'avcC' record, the chroma format and bit depths for its High-profile extension, and the
/// displayed picture size after frame cropping for 'tkhd' and the sample entry.
/// <code>
/// +--------+--------+--------+--------+--------+--------+---
/// |NAL hdr |profile |constr. | level  | ue(sps_id), [chroma, bit depths, scaling lists], ue/se fields ...
/// | (0x67) |  _idc  | flags  |  _idc  | pic_width_in_mbs, pic_height_in_map_units, frame_mbs_only, cropping,
/// +--------+--------+--------+--------+ vui (not read)
/// </code>
/// Bytes come from the network (a publisher's bitstream): <see cref="TryRead"/> never throws and allocates nothing;
/// it reports a status.
/// </summary>
/// <param name="ProfileIdc">profile_idc (66 Baseline, 77 Main, 100 High, ...).</param>
/// <param name="ConstraintFlags">The byte of constraint_set0..5 flags and reserved bits ('avcC' profile_compatibility).</param>
/// <param name="LevelIdc">level_idc (31 for level 3.1).</param>
/// <param name="ChromaFormatIdc">chroma_format_idc (1 = 4:2:0, the default when the profile does not code it).</param>
/// <param name="BitDepthLuma">Luma bit depth (8 unless coded).</param>
/// <param name="BitDepthChroma">Chroma bit depth (8 unless coded).</param>
/// <param name="Width">Displayed width in pixels, cropping applied.</param>
/// <param name="Height">Displayed height in pixels, cropping applied.</param>
internal readonly record struct H264SequenceParameterSet(
    byte ProfileIdc,
    byte ConstraintFlags,
    byte LevelIdc,
    int ChromaFormatIdc,
    int BitDepthLuma,
    int BitDepthChroma,
    int Width,
    int Height)
{
    /// <summary>Largest picture side accepted (H.264 level 6.2 allows 8,192 × 4,320; this leaves room).</summary>
    public const int MaxSide = 16_384;

    /// <summary>Whether the profile codes chroma format and bit depths (§7.3.2.1.1), so 'avcC' carries them too (ISO/IEC 14496-15 §5.3.3.1).</summary>
    public bool HasChromaFields => HasChromaSyntax(ProfileIdc);

    /// <summary>Reads the SPS in <paramref name="nal"/> (header byte first, emulation-prevention bytes still in).</summary>
    public static H264SpsStatus TryRead(ReadOnlySpan<byte> nal, out H264SequenceParameterSet sps)
    {
        sps = default;
        if (nal.IsEmpty || (nal[0] & 0x80) != 0 || (nal[0] & 0x1F) != H264NalType.Sps)
        {
            return H264SpsStatus.NotSps;
        }

        var bits = new BitReader(nal[1..], removeEmulationPrevention: true);
        var profile = (byte)bits.ReadBits(8);
        var constraints = (byte)bits.ReadBits(8);
        var level = (byte)bits.ReadBits(8);
        if (bits.Overrun)
        {
            return H264SpsStatus.Truncated;
        }

        if (!bits.TryReadUnsigned(out var spsId))
        {
            return Failure(bits);
        }

        if (spsId > 31)
        {
            return H264SpsStatus.OutOfRange;
        }

        uint chromaFormat = 1, depthLuma = 0, depthChroma = 0;
        var separateColourPlane = false;
        if (HasChromaSyntax(profile))
        {
            if (!bits.TryReadUnsigned(out chromaFormat))
            {
                return Failure(bits);
            }

            if (chromaFormat > 3)
            {
                return H264SpsStatus.OutOfRange;
            }

            if (chromaFormat == 3)
            {
                separateColourPlane = bits.ReadBit() == 1;
            }

            if (!bits.TryReadUnsigned(out depthLuma) || !bits.TryReadUnsigned(out depthChroma))
            {
                return Failure(bits);
            }

            if (depthLuma > 6 || depthChroma > 6)
            {
                return H264SpsStatus.OutOfRange;
            }

            _ = bits.ReadBit(); // qpprime_y_zero_transform_bypass_flag
            if (bits.ReadBit() == 1 && !SkipScalingMatrix(ref bits, chromaFormat == 3 ? 12 : 8))
            {
                return Failure(bits);
            }
        }

        if (!bits.TryReadUnsigned(out var log2MaxFrameNumMinus4) || !bits.TryReadUnsigned(out var pocType))
        {
            return Failure(bits);
        }

        if (log2MaxFrameNumMinus4 > 12 || pocType > 2)
        {
            return H264SpsStatus.OutOfRange;
        }

        if (pocType == 0)
        {
            if (!bits.TryReadUnsigned(out var log2MaxPocLsbMinus4))
            {
                return Failure(bits);
            }

            if (log2MaxPocLsbMinus4 > 12)
            {
                return H264SpsStatus.OutOfRange;
            }
        }
        else if (pocType == 1)
        {
            _ = bits.ReadBit(); // delta_pic_order_always_zero_flag
            if (!bits.TryReadSigned(out _) || !bits.TryReadSigned(out _) || !bits.TryReadUnsigned(out var cycle))
            {
                return Failure(bits);
            }

            if (cycle > 255)
            {
                return H264SpsStatus.OutOfRange;
            }

            for (var i = 0; i < cycle; i++)
            {
                if (!bits.TryReadSigned(out _))
                {
                    return Failure(bits);
                }
            }
        }

        if (!bits.TryReadUnsigned(out _)) // max_num_ref_frames
        {
            return Failure(bits);
        }

        _ = bits.ReadBit(); // gaps_in_frame_num_value_allowed_flag
        if (!bits.TryReadUnsigned(out var widthInMbsMinus1) || !bits.TryReadUnsigned(out var heightInMapUnitsMinus1))
        {
            return Failure(bits);
        }

        var frameMbsOnly = bits.ReadBit();
        if (frameMbsOnly == 0)
        {
            _ = bits.ReadBit(); // mb_adaptive_frame_field_flag
        }

        _ = bits.ReadBit(); // direct_8x8_inference_flag
        uint cropLeft = 0, cropRight = 0, cropTop = 0, cropBottom = 0;
        if (bits.ReadBit() == 1
            && (!bits.TryReadUnsigned(out cropLeft) || !bits.TryReadUnsigned(out cropRight)
                || !bits.TryReadUnsigned(out cropTop) || !bits.TryReadUnsigned(out cropBottom)))
        {
            return Failure(bits);
        }

        if (bits.Overrun)
        {
            return H264SpsStatus.Truncated;
        }

        // §7.4.2.1.1: the crop unit depends on ChromaArrayType (0 with a separate colour plane or monochrome).
        var chromaArrayType = separateColourPlane ? 0u : chromaFormat;
        long cropUnitX = chromaArrayType == 0 ? 1 : chromaArrayType == 3 ? 1 : 2;
        long cropUnitY = (chromaArrayType == 0 ? 1 : chromaArrayType == 1 ? 2 : 1) * (2 - frameMbsOnly);
        var width = ((long)widthInMbsMinus1 + 1) * 16 - cropUnitX * ((long)cropLeft + cropRight);
        var height = ((long)heightInMapUnitsMinus1 + 1) * 16 * (2 - frameMbsOnly) - cropUnitY * ((long)cropTop + cropBottom);
        if (width <= 0 || height <= 0 || width > MaxSide || height > MaxSide
            || widthInMbsMinus1 >= MaxSide / 16 || heightInMapUnitsMinus1 >= MaxSide / 16)
        {
            return H264SpsStatus.OutOfRange;
        }

        sps = new H264SequenceParameterSet(profile, constraints, level, (int)chromaFormat, (int)depthLuma + 8, (int)depthChroma + 8, (int)width, (int)height);
        return H264SpsStatus.Ok;
    }

    /// <summary>Profiles whose SPS codes chroma_format_idc, bit depths and scaling matrices (§7.3.2.1.1).</summary>
    private static bool HasChromaSyntax(byte profile) =>
        profile is 100 or 110 or 122 or 244 or 44 or 83 or 86 or 118 or 128 or 138 or 139 or 134 or 135;

    private static H264SpsStatus Failure(BitReader bits) => bits.Overrun ? H264SpsStatus.Truncated : H264SpsStatus.OutOfRange;

    /// <summary>Skips seq_scaling_list_present_flag[i] and each present scaling_list() (§7.3.2.1.1.1).</summary>
    private static bool SkipScalingMatrix(ref BitReader bits, int lists)
    {
        for (var i = 0; i < lists; i++)
        {
            if (bits.ReadBit() == 0)
            {
                continue;
            }

            var size = i < 6 ? 16 : 64;
            int last = 8, next = 8;
            for (var j = 0; j < size; j++)
            {
                if (next != 0)
                {
                    if (!bits.TryReadSigned(out var delta))
                    {
                        return false;
                    }

                    next = (int)(((long)last + delta + 256) % 256 + 256) % 256;
                }

                last = next == 0 ? last : next;
            }
        }

        return !bits.Overrun;
    }
}
