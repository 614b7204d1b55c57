using System.Buffers.Binary;

namespace OpenLive.Rtc.Rtp.Codecs;

/// <summary>
/// The VP9 payload descriptor (RFC 9628 §4.2) at the start of a VP9 RTP payload: frame boundaries, keyframes,
/// spatial/temporal layer indices, the picture id, and the scalability structure (parsed to skip it, with the
/// per-layer resolutions it announces).
/// </summary>
/// <remarks>
/// <code>
///       0 1 2 3 4 5 6 7
///      +-+-+-+-+-+-+-+-+
///      |I|P|L|F|B|E|V|Z| (required)
///      +-+-+-+-+-+-+-+-+
/// I:   |M| PICTURE ID  | (M=1: 15-bit picture id in two bytes)
///      +-+-+-+-+-+-+-+-+
/// M:   | EXTENDED PID  |
///      +-+-+-+-+-+-+-+-+
/// L:   |  TID  |U| SID |D|   (TID 3 bits, SID 3 bits)
///      +-+-+-+-+-+-+-+-+
///      |   TL0PICIDX   | (only with F=0, non-flexible mode)
///      +-+-+-+-+-+-+-+-+                      -\
/// P,F: | P_DIFF      |N| (flexible mode)       - up to 3 times, N=1: another follows
///      +-+-+-+-+-+-+-+-+                      -/
/// V:   | SS            |
///      | ..            |
///      +-+-+-+-+-+-+-+-+
/// </code>
/// Scalability structure (RFC 9628 §4.2.1):
/// <code>
///      +-+-+-+-+-+-+-+-+
/// V:   | N_S |Y|G|-|-|-|
///      +-+-+-+-+-+-+-+-+              -\
/// Y:   |     WIDTH     | (16 bits)     - N_S + 1 times
///      |     HEIGHT    | (16 bits)    -/
///      +-+-+-+-+-+-+-+-+
/// G:   |      N_G      |
///      +-+-+-+-+-+-+-+-+                         -\
/// N_G: |  TID  |U| R |-|-|                        - N_G times
///      |    P_DIFF     | (R times)               -/
///      +-+-+-+-+-+-+-+-+
/// </code>
/// </remarks>
public readonly struct Vp9Descriptor
{
    /// <summary>Value of <see cref="PictureId"/> when absent.</summary>
    public const int NoPictureId = -1;

    private const int MaxReferences = 3;

    private readonly byte _flags;
    private readonly byte _layerByte;
    private readonly byte _ssByte;

    private Vp9Descriptor(
        byte flags,
        int pictureId,
        int pictureIdOffset,
        bool longPictureId,
        byte layerByte,
        int tl0Offset,
        byte tl0PicIdx,
        int referenceCount,
        int ssOffset,
        byte ssByte,
        int length)
    {
        _flags = flags;
        PictureId = pictureId;
        PictureIdOffset = pictureIdOffset;
        PictureIdWidth = pictureId == NoPictureId ? 0 : longPictureId ? 15 : 7;
        _layerByte = layerByte;
        Tl0PicIdxOffset = tl0Offset;
        Tl0PicIdx = tl0PicIdx;
        ReferenceCount = referenceCount;
        ScalabilityStructureOffset = ssOffset;
        _ssByte = ssByte;
        Length = length;
    }

    /// <summary>P bit: the frame is inter-picture predicted.</summary>
    public bool IsInterPredicted => (_flags & 0x40) != 0;

    /// <summary>L bit: layer indices are present.</summary>
    public bool HasLayerIndices => (_flags & 0x20) != 0;

    /// <summary>F bit: flexible mode (references listed as P_DIFF) rather than non-flexible (TL0PICIDX).</summary>
    public bool IsFlexibleMode => (_flags & 0x10) != 0;

    /// <summary>B bit: the packet starts a (layer) frame.</summary>
    public bool IsStartOfFrame => (_flags & 0x08) != 0;

    /// <summary>E bit: the packet ends a (layer) frame.</summary>
    public bool IsEndOfFrame => (_flags & 0x04) != 0;

    /// <summary>V bit: a scalability structure is present.</summary>
    public bool HasScalabilityStructure => (_flags & 0x02) != 0;

    /// <summary>Z bit: the frame is not a reference for upper spatial layers.</summary>
    public bool IsNotReferenceForUpperLayers => (_flags & 0x01) != 0;

    /// <summary>The packet starts a keyframe: B=1, P=0, in spatial layer 0.</summary>
    public bool IsKeyframe => IsStartOfFrame && !IsInterPredicted && SpatialLayer == 0;

    /// <summary>Picture id, or <see cref="NoPictureId"/>.</summary>
    public int PictureId { get; }

    /// <summary>Width of the picture id in bits: 7, 15, or 0 if absent.</summary>
    public int PictureIdWidth { get; }

    /// <summary>Offset of the picture id in the payload; 0 if absent.</summary>
    public int PictureIdOffset { get; }

    /// <summary>Temporal layer index (0–7); 0 without layer indices.</summary>
    public int TemporalLayer => HasLayerIndices ? _layerByte >> 5 : 0;

    /// <summary>U bit: switching up to a higher temporal layer is possible at this frame.</summary>
    public bool IsSwitchingUpPoint => HasLayerIndices && (_layerByte & 0x10) != 0;

    /// <summary>Spatial layer index (0–7); 0 without layer indices.</summary>
    public int SpatialLayer => HasLayerIndices ? (_layerByte >> 1) & 0x07 : 0;

    /// <summary>D bit: the frame depends on the spatial layer below it.</summary>
    public bool HasInterLayerDependency => HasLayerIndices && (_layerByte & 0x01) != 0;

    /// <summary>Whether TL0PICIDX is present (non-flexible mode with layer indices).</summary>
    public bool HasTl0PicIdx => Tl0PicIdxOffset > 0;

    /// <summary>TL0PICIDX; 0 if absent.</summary>
    public byte Tl0PicIdx { get; }

    /// <summary>Offset of TL0PICIDX in the payload; 0 if absent.</summary>
    public int Tl0PicIdxOffset { get; }

    /// <summary>Number of P_DIFF reference entries (flexible mode), 0–3.</summary>
    public int ReferenceCount { get; }

    /// <summary>Offset of the scalability structure in the payload; 0 if absent.</summary>
    public int ScalabilityStructureOffset { get; }

    /// <summary>Number of spatial layers the scalability structure announces (N_S + 1); 0 if absent.</summary>
    public int SpatialLayerCount => HasScalabilityStructure ? (_ssByte >> 5) + 1 : 0;

    /// <summary>Y bit of the scalability structure: per-layer resolutions are present.</summary>
    public bool HasResolutions => HasScalabilityStructure && (_ssByte & 0x10) != 0;

    /// <summary>Length of the descriptor; the VP9 frame data starts here.</summary>
    public int Length { get; }

    /// <summary>Reads the descriptor at the start of <paramref name="payload"/>. False, never throws, if it is cut short.</summary>
    public static bool TryParse(ReadOnlySpan<byte> payload, out Vp9Descriptor descriptor)
    {
        descriptor = default;
        if (payload.IsEmpty)
        {
            return false;
        }

        var flags = payload[0];
        var position = 1;
        var pictureId = NoPictureId;
        var pictureIdOffset = 0;
        var longPictureId = false;
        if ((flags & 0x80) != 0)
        {
            if (position >= payload.Length)
            {
                return false;
            }

            pictureIdOffset = position;
            longPictureId = (payload[position] & 0x80) != 0;
            if (longPictureId)
            {
                if (position + 1 >= payload.Length)
                {
                    return false;
                }

                pictureId = ((payload[position] & 0x7F) << 8) | payload[position + 1];
                position += 2;
            }
            else
            {
                pictureId = payload[position++];
            }
        }

        byte layerByte = 0;
        var tl0Offset = 0;
        byte tl0 = 0;
        var flexible = (flags & 0x10) != 0;
        if ((flags & 0x20) != 0)
        {
            if (position >= payload.Length)
            {
                return false;
            }

            layerByte = payload[position++];
            if (!flexible)
            {
                if (position >= payload.Length)
                {
                    return false;
                }

                tl0Offset = position;
                tl0 = payload[position++];
            }
        }

        var references = 0;
        if (flexible && (flags & 0x40) != 0)
        {
            bool more;
            do
            {
                if (position >= payload.Length || references == MaxReferences)
                {
                    return false;
                }

                more = (payload[position++] & 0x01) != 0;
                references++;
            }
            while (more);
        }

        var ssOffset = 0;
        byte ssByte = 0;
        if ((flags & 0x02) != 0)
        {
            ssOffset = position;
            if (!TrySkipScalabilityStructure(payload, ref position, out ssByte))
            {
                return false;
            }
        }

        descriptor = new Vp9Descriptor(flags, pictureId, pictureIdOffset, longPictureId, layerByte, tl0Offset, tl0, references, ssOffset, ssByte, position);
        return true;
    }

    /// <summary>The resolution the scalability structure announces for spatial layer <paramref name="spatialLayer"/>.</summary>
    public bool TryGetResolution(ReadOnlySpan<byte> payload, int spatialLayer, out int width, out int height)
    {
        width = 0;
        height = 0;
        if (!HasResolutions || spatialLayer < 0 || spatialLayer >= SpatialLayerCount)
        {
            return false;
        }

        var offset = ScalabilityStructureOffset + 1 + (spatialLayer * 4);
        if (offset + 4 > payload.Length)
        {
            return false;
        }

        width = BinaryPrimitives.ReadUInt16BigEndian(payload[offset..]);
        height = BinaryPrimitives.ReadUInt16BigEndian(payload[(offset + 2)..]);
        return true;
    }

    /// <summary>
    /// Writes <paramref name="pictureId"/> into the picture id field in place, keeping its width (7 or 15 bits);
    /// false if absent.
    /// </summary>
    public bool TryRewritePictureId(Span<byte> payload, int pictureId) =>
        PictureIdField.TryWrite(payload, PictureIdOffset, PictureIdWidth, pictureId);

    /// <summary>Writes <paramref name="tl0PicIdx"/> into the TL0PICIDX field in place; false if absent.</summary>
    public bool TryRewriteTl0PicIdx(Span<byte> payload, byte tl0PicIdx) =>
        HasTl0PicIdx && PictureIdField.TryWriteTl0PicIdx(payload, Tl0PicIdxOffset, tl0PicIdx);

    private static bool TrySkipScalabilityStructure(ReadOnlySpan<byte> payload, ref int position, out byte ssByte)
    {
        ssByte = 0;
        if (position >= payload.Length)
        {
            return false;
        }

        ssByte = payload[position++];
        if ((ssByte & 0x10) != 0)
        {
            position += ((ssByte >> 5) + 1) * 4;
        }

        if ((ssByte & 0x08) != 0)
        {
            if (position >= payload.Length)
            {
                return false;
            }

            var groups = payload[position++];
            for (var g = 0; g < groups; g++)
            {
                if (position >= payload.Length)
                {
                    return false;
                }

                var referenceCount = (payload[position++] >> 2) & 0x03;
                position += referenceCount;
            }
        }

        return position <= payload.Length;
    }
}
