using OpenLive.Rtc.Rtp.Codecs;

namespace OpenLive.Sfu.Forwarding;

/// <summary>
/// The VP8 payload descriptor values one forwarded packet carries in the subscriber's numbering (picture id,
/// TL0PICIDX, KEYIDX — each only where the publisher's descriptor has the field). Applied to the subscriber's copy of
/// the payload as it is written (<see cref="SubscriberConnection.Send"/>), never to the publisher's bytes, which every
/// subscriber of the track shares; kept per outgoing sequence number so an RTX resend carries the same values.
/// </summary>
internal readonly struct Vp8Rewrite
{
    private const byte PictureIdField = 1;
    private const byte Tl0PicIdxField = 2;
    private const byte KeyIndexField = 4;

    private readonly byte _fields;

    public Vp8Rewrite(in Vp8Descriptor descriptor, int pictureId, byte tl0PicIdx, int keyIndex)
    {
        _fields = (byte)((descriptor.HasPictureId ? PictureIdField : 0) | (descriptor.HasTl0PicIdx ? Tl0PicIdxField : 0)
            | (descriptor.HasKeyIndex ? KeyIndexField : 0));
        PictureId = (ushort)(pictureId & 0x7FFF);
        Tl0PicIdx = tl0PicIdx;
        KeyIndex = (byte)(keyIndex & 0x1F);
    }

    /// <summary>True when there is nothing to write (not VP8, or a descriptor with none of the fields).</summary>
    public bool IsEmpty => _fields == 0;

    /// <summary>The 15-bit outgoing picture id (a 7-bit field gets its low 7 bits).</summary>
    public ushort PictureId { get; }

    public byte Tl0PicIdx { get; }

    public byte KeyIndex { get; }

    /// <summary>Writes the values into <paramref name="payload"/>'s descriptor in place (its length never changes).</summary>
    public void ApplyTo(Span<byte> payload)
    {
        if (_fields == 0 || !Vp8Descriptor.TryParse(payload, out var descriptor))
        {
            return;
        }

        if ((_fields & PictureIdField) != 0)
        {
            descriptor.TryRewritePictureId(payload, PictureId);
        }

        if ((_fields & Tl0PicIdxField) != 0)
        {
            descriptor.TryRewriteTl0PicIdx(payload, Tl0PicIdx);
        }

        if ((_fields & KeyIndexField) != 0)
        {
            descriptor.TryRewriteKeyIndex(payload, KeyIndex);
        }
    }
}
