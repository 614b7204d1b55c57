using OpenLive.Rtc.Rtp.Codecs;

namespace OpenLive.Egress.Depacketizing;

/// <summary>
/// VP9 (RFC 9628), flexible and non-flexible mode alike (the descriptor's length covers either): a picture is the
/// layer frames of its spatial layers, in order, each opened by a packet with B=1 and closed by one with E=1; the
/// marker bit closes the picture. One layer frame is written as it is; several become one VP9 superframe (VP9
/// bitstream Annex B: the frames back to back, then an index of their sizes), which is how a WebM block and a VP9
/// decoder take a picture of several spatial layers.
/// </summary>
/// <remarks>
/// Superframe index (VP9 bitstream, Annex B):
/// <code>
/// | frame 0 | frame 1 | ... | marker | size 0 (mag bytes, LE) | size 1 | ... | marker |
/// marker = 0b110 | (mag - 1) [2 bits] | (frames - 1) [3 bits]
/// </code>
/// </remarks>
internal sealed class Vp9FrameAssembler(int maxFrameBytes) : FrameAssembler(maxFrameBytes)
{
    private const int MaxLayerFrames = 8;

    private readonly int[] _layerStarts = new int[MaxLayerFrames];
    private int _layerFrames;
    private bool _layerOpen;
    private int _lastSpatialLayer;

    public override bool Append(ReadOnlySpan<byte> payload)
    {
        if (!Vp9Descriptor.TryParse(payload, out var descriptor) || descriptor.Length >= payload.Length)
        {
            return false;
        }

        if (descriptor.IsStartOfFrame)
        {
            // Layer frames come in increasing spatial order; a repeated or lower layer means a broken picture.
            if (_layerOpen || _layerFrames == MaxLayerFrames || (_layerFrames > 0 && descriptor.SpatialLayer <= _lastSpatialLayer))
            {
                return false;
            }

            _layerStarts[_layerFrames++] = Length;
            _layerOpen = true;
            _lastSpatialLayer = descriptor.SpatialLayer;
        }
        else if (!_layerOpen)
        {
            return false;
        }

        if (!TryWrite(payload[descriptor.Length..]))
        {
            return false;
        }

        if (descriptor.IsEndOfFrame)
        {
            _layerOpen = false;
        }

        return true;
    }

    public override bool Finish()
    {
        if (_layerOpen || _layerFrames == 0)
        {
            return false;
        }

        return _layerFrames == 1 || TryWriteSuperframeIndex();
    }

    protected override bool StartsFrame(ReadOnlySpan<byte> payload)
    {
        if (!Vp9Descriptor.TryParse(payload, out var descriptor) || !descriptor.IsStartOfFrame)
        {
            return false;
        }

        IsKeyframe = descriptor.IsKeyframe;
        return true;
    }

    protected override void Reset()
    {
        _layerFrames = 0;
        _layerOpen = false;
        _lastSpatialLayer = -1;
    }

    private bool TryWriteSuperframeIndex()
    {
        // Sizes are measured against the end of the last frame, before the index grows the buffer.
        var end = Length;
        var largest = 0;
        for (var i = 0; i < _layerFrames; i++)
        {
            largest = Math.Max(largest, LayerSize(i, end));
        }

        var magnitude = largest <= 0xFF ? 1 : largest <= 0xFFFF ? 2 : largest <= 0xFFFFFF ? 3 : 4;
        var marker = (byte)(0xC0 | ((magnitude - 1) << 3) | (_layerFrames - 1));
        if (!TryWrite(marker))
        {
            return false;
        }

        for (var i = 0; i < _layerFrames; i++)
        {
            var size = LayerSize(i, end);
            for (var b = 0; b < magnitude; b++)
            {
                if (!TryWrite((byte)(size >> (8 * b))))
                {
                    return false;
                }
            }
        }

        return TryWrite(marker);
    }

    private int LayerSize(int index, int end) =>
        (index + 1 < _layerFrames ? _layerStarts[index + 1] : end) - _layerStarts[index];
}
