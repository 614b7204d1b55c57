namespace OpenLive.Rtc.Rtp.Codecs;

/// <summary>
/// The aggregation header that starts every AV1 RTP payload (AV1 RTP payload specification §4.4), plus the
/// header of the first OBU when the packet starts one: keyframe (N bit), fragment continuation, and the first
/// OBU's type and temporal/spatial ids.
/// </summary>
/// <remarks>
/// <code>
///  0 1 2 3 4 5 6 7
/// +-+-+-+-+-+-+-+-+
/// |Z|Y| W |N|-|-|-|   Z: first OBU element continues the previous packet's, Y: last one continues in the next,
/// +-+-+-+-+-+-+-+-+   W: OBU element count (0 = each has a LEB128 length), N: starts a coded video sequence
/// |  LEB128 length of the first OBU element (absent when W = 1)  |
/// +-+-+-+-+-+-+-+-+
/// |0| type  |X|S|-|   first OBU header (AV1 bitstream §5.3.2), when Z = 0
/// +-+-+-+-+-+-+-+-+
/// | TID |SID|-|-|-|   OBU extension header, when X = 1
/// +-+-+-+-+-+-+-+-+
/// </code>
/// </remarks>
public readonly struct Av1AggregationHeader
{
    /// <summary>OBU type of a sequence header.</summary>
    public const int ObuSequenceHeader = 1;

    /// <summary>OBU type of a temporal delimiter (not sent over RTP).</summary>
    public const int ObuTemporalDelimiter = 2;

    /// <summary>OBU type of a frame header.</summary>
    public const int ObuFrameHeader = 3;

    /// <summary>OBU type of a frame (header and tile group).</summary>
    public const int ObuFrame = 6;

    /// <summary>Value of <see cref="FirstObuType"/> when the packet does not start an OBU.</summary>
    public const int NoObu = -1;

    // LEB128 lengths of up to 8 bytes are all the AV1 bitstream allows (AV1 bitstream §4.10.5).
    private const int MaxLeb128Bytes = 8;

    private readonly byte _header;
    private readonly byte _extension;

    private Av1AggregationHeader(byte header, int firstObuType, bool hasExtension, byte extension)
    {
        _header = header;
        FirstObuType = firstObuType;
        HasObuExtension = hasExtension;
        _extension = extension;
    }

    /// <summary>Z bit: the first OBU element continues an OBU fragmented from the previous packet.</summary>
    public bool IsContinuation => (_header & 0x80) != 0;

    /// <summary>Y bit: the last OBU element continues in the next packet.</summary>
    public bool ContinuesInNextPacket => (_header & 0x40) != 0;

    /// <summary>W: the number of OBU elements (1–3), or 0 when each element carries its own length.</summary>
    public int ObuElementCount => (_header >> 4) & 0x03;

    /// <summary>N bit: the packet is the first of a coded video sequence, i.e. it starts a keyframe.</summary>
    public bool IsNewCodedVideoSequence => (_header & 0x08) != 0;

    /// <summary>The packet starts a keyframe (N = 1).</summary>
    public bool IsKeyframe => IsNewCodedVideoSequence;

    /// <summary>The type of the first OBU when the packet starts one (Z = 0), else <see cref="NoObu"/>.</summary>
    public int FirstObuType { get; }

    /// <summary>Whether the first OBU has an extension header with layer ids.</summary>
    public bool HasObuExtension { get; }

    /// <summary>Temporal id of the first OBU (0–7); 0 without an extension header.</summary>
    public int TemporalId => HasObuExtension ? _extension >> 5 : 0;

    /// <summary>Spatial id of the first OBU (0–3); 0 without an extension header.</summary>
    public int SpatialId => HasObuExtension ? (_extension >> 3) & 0x03 : 0;

    /// <summary>Reads the aggregation header and first OBU header. False, never throws, if the payload is empty or cut inside them.</summary>
    public static bool TryParse(ReadOnlySpan<byte> payload, out Av1AggregationHeader header)
    {
        header = default;
        if (payload.IsEmpty)
        {
            return false;
        }

        var aggregation = payload[0];
        if ((aggregation & 0x80) != 0)
        {
            header = new Av1AggregationHeader(aggregation, NoObu, false, 0);
            return true;
        }

        var position = 1;
        var count = (aggregation >> 4) & 0x03;
        var elementLength = payload.Length - position;
        if (count != 1 && !TryReadLeb128(payload, ref position, out elementLength))
        {
            return false;
        }

        if (elementLength < 1 || position + elementLength > payload.Length)
        {
            return false;
        }

        var obu = payload[position];
        var hasExtension = (obu & 0x04) != 0;
        byte extension = 0;
        if (hasExtension)
        {
            if (elementLength < 2)
            {
                return false;
            }

            extension = payload[position + 1];
        }

        header = new Av1AggregationHeader(aggregation, (obu >> 3) & 0x0F, hasExtension, extension);
        return true;
    }

    private static bool TryReadLeb128(ReadOnlySpan<byte> payload, ref int position, out int value)
    {
        value = 0;
        long result = 0;
        for (var i = 0; i < MaxLeb128Bytes; i++)
        {
            if (position >= payload.Length)
            {
                return false;
            }

            var b = payload[position++];
            result |= (long)(b & 0x7F) << (7 * i);
            if (result > int.MaxValue)
            {
                return false;
            }

            if ((b & 0x80) == 0)
            {
                value = (int)result;
                return true;
            }
        }

        return false;
    }
}
