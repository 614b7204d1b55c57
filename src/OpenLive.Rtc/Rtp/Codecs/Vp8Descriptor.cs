namespace OpenLive.Rtc.Rtp.Codecs;

/// <summary>
/// The VP8 payload descriptor (RFC 7741 §4.2) at the start of a VP8 RTP payload, and what an SFU decides from it:
/// start of frame, keyframe, temporal layer, and where the picture id and TL0PICIDX sit for in-place rewriting.
/// </summary>
/// <remarks>
/// <code>
///       0 1 2 3 4 5 6 7
///      +-+-+-+-+-+-+-+-+
///      |X|R|N|S|R| PID | (required)
///      +-+-+-+-+-+-+-+-+
/// X:   |I|L|T|K| RSV   | (optional)
///      +-+-+-+-+-+-+-+-+
/// I:   |M| PictureID   | (optional; M=1: 15-bit picture id in two bytes)
///      +-+-+-+-+-+-+-+-+
///      |   PictureID   | (if M=1)
///      +-+-+-+-+-+-+-+-+
/// L:   |   TL0PICIDX   | (optional)
///      +-+-+-+-+-+-+-+-+
/// T/K: |TID|Y| KEYIDX  | (optional)
///      +-+-+-+-+-+-+-+-+
/// </code>
/// Reading never throws and allocates nothing (<see cref="Read"/> returns a status); the rewriters change the
/// picture id, TL0PICIDX and KEYIDX in place at their existing widths, so the payload's length never changes.
/// The VP8 payload header follows at the start of a frame (RFC 7741 §4.3); its P bit is 0 on a keyframe:
/// <code>
///  0 1 2 3 4 5 6 7
/// +-+-+-+-+-+-+-+-+
/// |Size0|H| VER |P|
/// +-+-+-+-+-+-+-+-+
/// </code>
/// </remarks>
public readonly struct Vp8Descriptor
{
    /// <summary>Value of <see cref="PictureId"/> when absent.</summary>
    public const int NoPictureId = -1;

    private readonly byte _flags;
    private readonly byte _extension;
    private readonly byte _layerByte;

    private Vp8Descriptor(byte flags, byte extension, int pictureId, int pictureIdOffset, int tl0PicIdxOffset, byte tl0PicIdx, byte layerByte, int length, bool keyframe)
    {
        _flags = flags;
        _extension = extension;
        PictureId = pictureId;
        PictureIdOffset = pictureIdOffset;
        Tl0PicIdxOffset = tl0PicIdxOffset;
        Tl0PicIdx = tl0PicIdx;
        _layerByte = layerByte;
        Length = length;
        IsKeyframe = keyframe;
    }

    /// <summary>N bit: the frame is not used as a reference and may be dropped.</summary>
    public bool IsNonReference => (_flags & 0x20) != 0;

    /// <summary>S bit: the packet starts a VP8 partition.</summary>
    public bool IsStartOfPartition => (_flags & 0x10) != 0;

    /// <summary>PID: the partition index (0–7).</summary>
    public int PartitionIndex => _flags & 0x07;

    /// <summary>The packet starts a frame: S=1 and PID=0.</summary>
    public bool IsStartOfFrame => IsStartOfPartition && PartitionIndex == 0;

    /// <summary>The packet starts a keyframe: start of frame and the payload header's P bit is 0.</summary>
    public bool IsKeyframe { get; }

    /// <summary>Whether a picture id is present.</summary>
    public bool HasPictureId => PictureId != NoPictureId;

    /// <summary>Picture id, or <see cref="NoPictureId"/>.</summary>
    public int PictureId { get; }

    /// <summary>Offset of the picture id in the payload; 0 if absent.</summary>
    public int PictureIdOffset { get; }

    /// <summary>Width of the picture id field in bits: 7, 15, or 0 if absent.</summary>
    public int PictureIdWidth => !HasPictureId ? 0 : (_extension & 0x01) != 0 ? 15 : 7;

    /// <summary>Whether TL0PICIDX is present.</summary>
    public bool HasTl0PicIdx => Tl0PicIdxOffset > 0;

    /// <summary>TL0PICIDX: the running index of temporal base layer frames; 0 if absent.</summary>
    public byte Tl0PicIdx { get; }

    /// <summary>Offset of TL0PICIDX in the payload; 0 if absent.</summary>
    public int Tl0PicIdxOffset { get; }

    /// <summary>Whether the TID/Y byte carries a temporal layer index (T bit).</summary>
    public bool HasTemporalLayer => (_extension & 0x20) != 0;

    /// <summary>Temporal layer index (0–3); 0 if absent.</summary>
    public int TemporalLayer => HasTemporalLayer ? _layerByte >> 6 : 0;

    /// <summary>Y bit: the frame depends only on the base temporal layer (a layer sync point).</summary>
    public bool IsLayerSync => HasTemporalLayer && (_layerByte & 0x20) != 0;

    /// <summary>Whether KEYIDX is present (K bit).</summary>
    public bool HasKeyIndex => (_extension & 0x10) != 0;

    /// <summary>KEYIDX (0–31); 0 if absent.</summary>
    public int KeyIndex => HasKeyIndex ? _layerByte & 0x1F : 0;

    /// <summary>Length of the descriptor; the VP8 payload starts here.</summary>
    public int Length { get; }

    /// <summary>
    /// The picture size a VP8 keyframe states (RFC 6386 §9.1: after the 3-byte frame tag, the start code 9d 01 2a, then
    /// 14-bit width and height, little-endian, each under a 2-bit scale), read from an RTP payload that starts one. False,
    /// never throws, for any other payload, a truncated one or a zero size. Clients and the SFU decode nothing: this
    /// is where quality data gets the resolution.
    /// </summary>
    public static bool TryReadKeyframeSize(ReadOnlySpan<byte> payload, out int width, out int height)
    {
        const int KeyframeHeaderLength = 10;
        width = 0;
        height = 0;
        if (!TryParse(payload, out var descriptor) || !descriptor.IsKeyframe || payload.Length < descriptor.Length + KeyframeHeaderLength)
        {
            return false;
        }

        var header = payload[descriptor.Length..];
        if (header[3] != 0x9d || header[4] != 0x01 || header[5] != 0x2a)
        {
            return false;
        }

        width = (header[6] | (header[7] << 8)) & 0x3fff;
        height = (header[8] | (header[9] << 8)) & 0x3fff;
        return width > 0 && height > 0;
    }

    /// <summary>
    /// Reads the descriptor at the start of <paramref name="payload"/> (the RTP payload). False, never throws,
    /// if the payload is empty or ends inside the descriptor (a descriptor with no VP8 data after it is read).
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> payload, out Vp8Descriptor descriptor) =>
        Read(payload, out descriptor) is Vp8DescriptorStatus.Ok or Vp8DescriptorStatus.NoPayload;

    /// <summary>
    /// Reads the descriptor at the start of <paramref name="payload"/> (the RTP payload) and says whether it is whole
    /// and followed by VP8 data. Never throws and allocates nothing; <paramref name="descriptor"/> is default unless the
    /// status is <see cref="Vp8DescriptorStatus.Ok"/> or <see cref="Vp8DescriptorStatus.NoPayload"/>.
    /// </summary>
    public static Vp8DescriptorStatus Read(ReadOnlySpan<byte> payload, out Vp8Descriptor descriptor)
    {
        descriptor = default;
        if (payload.IsEmpty)
        {
            return Vp8DescriptorStatus.Empty;
        }

        var flags = payload[0];
        var position = 1;
        byte extension = 0;
        var pictureId = NoPictureId;
        var pictureIdOffset = 0;
        var tl0Offset = 0;
        byte tl0 = 0;
        byte layerByte = 0;
        if ((flags & 0x80) != 0)
        {
            if (position >= payload.Length)
            {
                return Vp8DescriptorStatus.Truncated;
            }

            var x = payload[position++];

            // Bit 0 of the stored extension byte is reused to remember a 15-bit picture id; it is reserved on the wire.
            extension = (byte)(x & 0xF0);
            if ((x & 0x80) != 0)
            {
                if (position >= payload.Length)
                {
                    return Vp8DescriptorStatus.Truncated;
                }

                pictureIdOffset = position;
                if ((payload[position] & 0x80) != 0)
                {
                    if (position + 1 >= payload.Length)
                    {
                        return Vp8DescriptorStatus.Truncated;
                    }

                    pictureId = ((payload[position] & 0x7F) << 8) | payload[position + 1];
                    extension |= 0x01;
                    position += 2;
                }
                else
                {
                    pictureId = payload[position];
                    position++;
                }
            }

            if ((x & 0x40) != 0)
            {
                if (position >= payload.Length)
                {
                    return Vp8DescriptorStatus.Truncated;
                }

                tl0Offset = position;
                tl0 = payload[position++];
            }

            if ((x & 0x30) != 0)
            {
                if (position >= payload.Length)
                {
                    return Vp8DescriptorStatus.Truncated;
                }

                layerByte = payload[position++];
            }
        }

        var startOfFrame = (flags & 0x17) == 0x10;
        var keyframe = startOfFrame && position < payload.Length && (payload[position] & 0x01) == 0;
        descriptor = new Vp8Descriptor(flags, extension, pictureId, pictureIdOffset, tl0Offset, tl0, layerByte, position, keyframe);
        return position < payload.Length ? Vp8DescriptorStatus.Ok : Vp8DescriptorStatus.NoPayload;
    }

    /// <summary>
    /// Writes <paramref name="pictureId"/> into the payload's picture id field in place, keeping the field's width
    /// (7 or 15 bits; the value is taken modulo 2^width). False if the descriptor has no picture id.
    /// </summary>
    public bool TryRewritePictureId(Span<byte> payload, int pictureId) =>
        PictureIdField.TryWrite(payload, PictureIdOffset, PictureIdWidth, pictureId);

    /// <summary>Writes <paramref name="tl0PicIdx"/> into the payload's TL0PICIDX field in place; false if absent.</summary>
    public bool TryRewriteTl0PicIdx(Span<byte> payload, byte tl0PicIdx) =>
        HasTl0PicIdx && PictureIdField.TryWriteTl0PicIdx(payload, Tl0PicIdxOffset, tl0PicIdx);

    /// <summary>
    /// Writes <paramref name="keyIndex"/> (modulo 32) into the payload's KEYIDX field in place, keeping TID and Y;
    /// false if the descriptor has no KEYIDX (K bit clear) or the payload is shorter than the descriptor.
    /// </summary>
    public bool TryRewriteKeyIndex(Span<byte> payload, int keyIndex)
    {
        // The T/K byte is the descriptor's last byte whenever it is present.
        var offset = Length - 1;
        if (!HasKeyIndex || offset < 2 || offset >= payload.Length)
        {
            return false;
        }

        payload[offset] = (byte)((payload[offset] & 0xE0) | (keyIndex & 0x1F));
        return true;
    }
}
