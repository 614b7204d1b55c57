using OpenLive.Egress.Depacketizing;
using OpenLive.Egress.Media;

namespace OpenLive.Egress.WebM;

/// <summary>
/// The AV1 sequence header OBU of a keyframe's temporal unit (AV1 bitstream §5.5), read far enough for Matroska's
/// CodecPrivate — the <c>av1C</c> record (AV1-ISOBMFF §2.3, Matroska's AV1 mapping) — and the maximum frame size.
/// </summary>
/// <remarks>
/// av1C:
/// <code>
/// | 1 | version=1 (7) | seq_profile (3) | seq_level_idx_0 (5) | tier (1) | high_bitdepth (1) | twelve_bit (1) |
/// | monochrome (1) | subsampling_x (1) | subsampling_y (1) | chroma_sample_position (2) | 000 | 0 | 0000 |
/// | configOBUs: the sequence header OBU, with its size field |
/// </code>
/// </remarks>
internal readonly struct Av1SequenceHeader
{
    private const int ObuSequenceHeader = 1;
    private const int SelectScreenContentTools = 2;

    private Av1SequenceHeader(int start, int length, int width, int height, byte[] fields)
    {
        ObuStart = start;
        ObuLength = length;
        MaxWidth = width;
        MaxHeight = height;
        ConfigFields = fields;
    }

    /// <summary>Offset of the sequence header OBU (header included) in the temporal unit.</summary>
    public int ObuStart { get; }

    /// <summary>Length of the whole OBU.</summary>
    public int ObuLength { get; }

    /// <summary>max_frame_width_minus_1 + 1.</summary>
    public int MaxWidth { get; }

    /// <summary>max_frame_height_minus_1 + 1.</summary>
    public int MaxHeight { get; }

    /// <summary>The 4 fixed bytes of av1C.</summary>
    public byte[] ConfigFields { get; }

    /// <summary>The av1C record: the fixed fields, then the sequence header OBU from <paramref name="temporalUnit"/>.</summary>
    public byte[] BuildCodecPrivate(ReadOnlySpan<byte> temporalUnit) =>
        [.. ConfigFields, .. temporalUnit.Slice(ObuStart, ObuLength)];

    /// <summary>Finds and reads the sequence header in a temporal unit whose OBUs all carry size fields. False, never throws, if absent or malformed.</summary>
    public static bool TryFind(ReadOnlySpan<byte> temporalUnit, out Av1SequenceHeader header)
    {
        header = default;
        var position = 0;
        while (position < temporalUnit.Length)
        {
            var obuHeader = temporalUnit[position];
            var headerLength = (obuHeader & 0x04) != 0 ? 2 : 1;
            if ((obuHeader & 0x02) == 0 || position + headerLength > temporalUnit.Length
                || !Leb128.TryRead(temporalUnit[(position + headerLength)..], out var size, out var sizeBytes)
                || size > temporalUnit.Length - position - headerLength - sizeBytes)
            {
                return false;
            }

            var payloadStart = position + headerLength + sizeBytes;
            if (((obuHeader >> 3) & 0x0F) == ObuSequenceHeader)
            {
                return TryParse(temporalUnit.Slice(payloadStart, size), position, payloadStart + size - position, out header);
            }

            position = payloadStart + size;
        }

        return false;
    }

    private static bool TryParse(ReadOnlySpan<byte> payload, int obuStart, int obuLength, out Av1SequenceHeader header)
    {
        header = default;
        var bits = new BitReader(payload);
        var profile = (int)bits.ReadBits(3);
        bits.ReadBits(1); // still_picture
        var reduced = bits.ReadFlag();
        int level;
        var tier = 0;
        if (reduced)
        {
            level = (int)bits.ReadBits(5);
        }
        else
        {
            var timingInfo = bits.ReadFlag();
            var decoderModelInfo = false;
            var bufferDelayLength = 0;
            if (timingInfo)
            {
                bits.ReadBits(32); // num_units_in_display_tick
                bits.ReadBits(32); // time_scale
                if (bits.ReadFlag())
                {
                    bits.ReadUvlc(); // num_ticks_per_picture_minus_1
                }

                decoderModelInfo = bits.ReadFlag();
                if (decoderModelInfo)
                {
                    bufferDelayLength = (int)bits.ReadBits(5) + 1;
                    bits.ReadBits(32); // num_units_in_decoding_tick
                    bits.ReadBits(10); // buffer_removal_time_length_minus_1, frame_presentation_time_length_minus_1
                }
            }

            var initialDisplayDelay = bits.ReadFlag();
            var operatingPoints = (int)bits.ReadBits(5) + 1;
            level = 0;
            for (var i = 0; i < operatingPoints; i++)
            {
                bits.ReadBits(12); // operating_point_idc
                var opLevel = (int)bits.ReadBits(5);
                var opTier = opLevel > 7 ? (int)bits.ReadBits(1) : 0;
                if (i == 0)
                {
                    level = opLevel;
                    tier = opTier;
                }

                if (decoderModelInfo && bits.ReadFlag())
                {
                    bits.ReadBits(bufferDelayLength); // decoder_buffer_delay
                    bits.ReadBits(bufferDelayLength); // encoder_buffer_delay
                    bits.ReadBits(1); // low_delay_mode_flag
                }

                if (initialDisplayDelay && bits.ReadFlag())
                {
                    bits.ReadBits(4);
                }
            }
        }

        var widthBits = (int)bits.ReadBits(4) + 1;
        var heightBits = (int)bits.ReadBits(4) + 1;
        var width = (int)bits.ReadBits(widthBits) + 1;
        var height = (int)bits.ReadBits(heightBits) + 1;
        if (!reduced && bits.ReadFlag())
        {
            bits.ReadBits(4 + 3); // delta_frame_id_length_minus_2, additional_frame_id_length_minus_1
        }

        bits.ReadBits(3); // use_128x128_superblock, enable_filter_intra, enable_intra_edge_filter
        if (!reduced)
        {
            bits.ReadBits(4); // interintra_compound, masked_compound, warped_motion, dual_filter
            var orderHint = bits.ReadFlag();
            if (orderHint)
            {
                bits.ReadBits(2); // jnt_comp, ref_frame_mvs
            }

            var screenContent = bits.ReadFlag() ? SelectScreenContentTools : (int)bits.ReadBits(1);
            if (screenContent > 0 && !bits.ReadFlag())
            {
                bits.ReadBits(1); // seq_force_integer_mv
            }

            if (orderHint)
            {
                bits.ReadBits(3);
            }
        }

        bits.ReadBits(3); // enable_superres, enable_cdef, enable_restoration

        // color_config (§5.5.2).
        var highBitDepth = bits.ReadFlag();
        var twelveBit = profile == 2 && highBitDepth && bits.ReadFlag();
        var monochrome = profile != 1 && bits.ReadFlag();
        uint primaries = 2, transfer = 2, matrix = 2;
        if (bits.ReadFlag())
        {
            primaries = bits.ReadBits(8);
            transfer = bits.ReadBits(8);
            matrix = bits.ReadBits(8);
        }

        int subX, subY, chromaPosition = 0;
        if (monochrome)
        {
            bits.ReadBits(1);
            subX = 1;
            subY = 1;
        }
        else if (primaries == 1 && transfer == 13 && matrix == 0)
        {
            subX = 0;
            subY = 0;
        }
        else
        {
            bits.ReadBits(1); // color_range
            if (profile == 0)
            {
                subX = 1;
                subY = 1;
            }
            else if (profile == 1)
            {
                subX = 0;
                subY = 0;
            }
            else if (twelveBit)
            {
                subX = (int)bits.ReadBits(1);
                subY = subX == 1 ? (int)bits.ReadBits(1) : 0;
            }
            else
            {
                subX = 1;
                subY = 0;
            }

            if (subX == 1 && subY == 1)
            {
                chromaPosition = (int)bits.ReadBits(2);
            }
        }

        if (bits.Overrun)
        {
            return false;
        }

        byte[] fields =
        [
            0x81,
            (byte)((profile << 5) | level),
            (byte)((tier << 7) | (highBitDepth ? 0x40 : 0) | (twelveBit ? 0x20 : 0) | (monochrome ? 0x10 : 0) | (subX << 3) | (subY << 2) | chromaPosition),
            0x00,
        ];
        header = new Av1SequenceHeader(obuStart, obuLength, width, height, fields);
        return true;
    }
}
