namespace OpenLive.Rtc.Rtp.Codecs;

/// <summary>
/// The picture id field VP8 (RFC 7741 §4.2) and VP9 (RFC 9628 §4.2) descriptors share: M bit clear → 7 bits in one
/// byte; M bit set → 15 bits in two. Rewritten in place at its existing width.
/// </summary>
internal static class PictureIdField
{
    public static bool TryWrite(Span<byte> payload, int offset, int width, int pictureId)
    {
        if (width == 0 || offset + (width == 15 ? 2 : 1) > payload.Length)
        {
            return false;
        }

        if (width == 15)
        {
            payload[offset] = (byte)(0x80 | ((pictureId >> 8) & 0x7F));
            payload[offset + 1] = (byte)pictureId;
        }
        else
        {
            payload[offset] = (byte)(pictureId & 0x7F);
        }

        return true;
    }

    /// <summary>Writes a TL0PICIDX byte in place; false when the descriptor has none (offset 0) or it lies outside.</summary>
    public static bool TryWriteTl0PicIdx(Span<byte> payload, int offset, byte tl0PicIdx)
    {
        if (offset <= 0 || offset >= payload.Length)
        {
            return false;
        }

        payload[offset] = tl0PicIdx;
        return true;
    }
}
