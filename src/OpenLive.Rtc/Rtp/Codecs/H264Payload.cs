using System.Buffers.Binary;

namespace OpenLive.Rtc.Rtp.Codecs;

/// <summary>The H.264 RTP packet kinds of RFC 6184 §5.2, told by the type in the first byte.</summary>
public enum H264PacketKind
{
    /// <summary>One whole NAL unit (types 1–23, §5.6).</summary>
    SingleNal,

    /// <summary>Single-time aggregation packet (type 24, §5.7.1).</summary>
    StapA,

    /// <summary>Fragmentation unit A (type 28, §5.8).</summary>
    FuA,

    /// <summary>STAP-B, MTAP16, MTAP24, FU-B (interleaved mode only, which WebRTC does not use) or a reserved type.</summary>
    Other,
}

/// <summary>
/// What an SFU needs from an H.264 RTP payload (RFC 6184): the packet kind, the NAL unit type(s) it starts,
/// and whether it starts a keyframe (an IDR slice or an SPS) or a new picture.
/// </summary>
/// <remarks>
/// NAL unit header and FU-A (RFC 6184 §5.3, §5.8):
/// <code>
/// +---------------+    +---------------+---------------+
/// |0|1|2|3|4|5|6|7|    |F|NRI|  Type=28|S|E|R|  Type   |
/// +-+-+-+-+-+-+-+-+    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |F|NRI|  Type   |      FU indicator    FU header
/// +---------------+
/// </code>
/// STAP-A (RFC 6184 §5.7.1):
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |STAP-A NAL HDR |         NALU 1 Size           | NALU 1 HDR    |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                         NALU 1 Data ...       | NALU 2 Size   |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </remarks>
public readonly struct H264Payload
{
    /// <summary>NAL unit type of a non-IDR coded slice.</summary>
    public const int NalSlice = 1;

    /// <summary>NAL unit type of an IDR coded slice.</summary>
    public const int NalIdr = 5;

    /// <summary>NAL unit type of supplemental enhancement information.</summary>
    public const int NalSei = 6;

    /// <summary>NAL unit type of a sequence parameter set.</summary>
    public const int NalSps = 7;

    /// <summary>NAL unit type of a picture parameter set.</summary>
    public const int NalPps = 8;

    /// <summary>NAL unit type of an access unit delimiter.</summary>
    public const int NalAud = 9;

    /// <summary>Packet type of STAP-A.</summary>
    public const int TypeStapA = 24;

    /// <summary>Packet type of FU-A.</summary>
    public const int TypeFuA = 28;

    private const int SeenSps = 1;
    private const int SeenPps = 2;
    private const int SeenIdr = 4;
    private const int StartsPicture = 8;
    private const int FragmentStart = 16;
    private const int FragmentEnd = 32;

    private readonly int _seen;

    private H264Payload(H264PacketKind kind, int nalType, int seen)
    {
        Kind = kind;
        NalType = nalType;
        _seen = seen;
    }

    /// <summary>The packet kind.</summary>
    public H264PacketKind Kind { get; }

    /// <summary>The NAL unit type carried: of the single NAL, of the fragmented NAL, or of the first aggregated NAL.</summary>
    public int NalType { get; }

    /// <summary>The packet starts (or wholly carries) an SPS.</summary>
    public bool ContainsSps => (_seen & SeenSps) != 0;

    /// <summary>The packet starts (or wholly carries) a PPS.</summary>
    public bool ContainsPps => (_seen & SeenPps) != 0;

    /// <summary>The packet starts (or wholly carries) an IDR slice.</summary>
    public bool ContainsIdr => (_seen & SeenIdr) != 0;

    /// <summary>The packet starts a keyframe: it starts an IDR slice or an SPS.</summary>
    public bool IsKeyframe => (_seen & (SeenIdr | SeenSps)) != 0;

    /// <summary>
    /// The packet starts a new picture: its first NAL unit is an AUD, SEI, SPS or PPS (which precede the slices
    /// of an access unit), or a slice whose first_mb_in_slice is 0.
    /// </summary>
    public bool IsStartOfFrame => (_seen & StartsPicture) != 0;

    /// <summary>FU-A: S bit, the first fragment. True for whole NAL units.</summary>
    public bool IsFragmentStart => (_seen & FragmentStart) != 0;

    /// <summary>FU-A: E bit, the last fragment. True for whole NAL units.</summary>
    public bool IsFragmentEnd => (_seen & FragmentEnd) != 0;

    /// <summary>Inspects an H.264 RTP payload. False, never throws, if it is empty or a STAP-A/FU-A is cut short.</summary>
    public static bool TryParse(ReadOnlySpan<byte> payload, out H264Payload info)
    {
        info = default;
        if (payload.IsEmpty)
        {
            return false;
        }

        var type = payload[0] & 0x1F;
        switch (type)
        {
            case >= 1 and <= 23:
                info = new H264Payload(H264PacketKind.SingleNal, type, Classify(payload) | FragmentStart | FragmentEnd);
                return true;

            case TypeStapA:
                return TryParseStapA(payload, out info);

            case TypeFuA:
                if (payload.Length < 2)
                {
                    return false;
                }

                var fuHeader = payload[1];
                var nalType = fuHeader & 0x1F;
                var seen = (fuHeader & 0x40) != 0 ? FragmentEnd : 0;
                if ((fuHeader & 0x80) != 0)
                {
                    // The reconstructed NAL header is the FU indicator's F/NRI with the FU header's type,
                    // and the fragment's data starts right after the FU header.
                    seen |= FragmentStart | Classify(nalType, payload[2..]);
                }

                info = new H264Payload(H264PacketKind.FuA, nalType, seen);
                return true;

            default:
                info = new H264Payload(H264PacketKind.Other, type, 0);
                return true;
        }
    }

    private static bool TryParseStapA(ReadOnlySpan<byte> payload, out H264Payload info)
    {
        info = default;
        var position = 1;
        var firstType = 0;
        var seen = FragmentStart | FragmentEnd;
        var first = true;
        while (position < payload.Length)
        {
            if (position + 2 > payload.Length)
            {
                return false;
            }

            var size = BinaryPrimitives.ReadUInt16BigEndian(payload[position..]);
            position += 2;
            if (size == 0 || position + size > payload.Length)
            {
                return false;
            }

            var nal = payload.Slice(position, size);
            var classified = Classify(nal);
            if (first)
            {
                firstType = nal[0] & 0x1F;
                first = false;
            }
            else
            {
                // Only the first aggregated unit decides whether the packet starts a picture.
                classified &= ~StartsPicture;
            }

            seen |= classified;
            position += size;
        }

        if (first)
        {
            return false;
        }

        info = new H264Payload(H264PacketKind.StapA, firstType, seen);
        return true;
    }

    private static int Classify(ReadOnlySpan<byte> nal) => Classify(nal[0] & 0x1F, nal[1..]);

    private static int Classify(int nalType, ReadOnlySpan<byte> afterHeader)
    {
        switch (nalType)
        {
            case NalSps:
                return SeenSps | StartsPicture;
            case NalPps:
                return SeenPps | StartsPicture;
            case NalSei or NalAud:
                return StartsPicture;
            case NalIdr or NalSlice:
                // first_mb_in_slice is ue(v) at the start of the slice header; the code for 0 is a single '1' bit.
                var firstSlice = !afterHeader.IsEmpty && (afterHeader[0] & 0x80) != 0;
                return (nalType == NalIdr ? SeenIdr : 0) | (firstSlice ? StartsPicture : 0);
            default:
                return 0;
        }
    }
}
