using OpenLive.Rtc.Rtp.Codecs;

namespace OpenLive.Egress.Depacketizing;

/// <summary>
/// VP8 (RFC 7741): each payload is the payload descriptor (<see cref="Vp8Descriptor"/>) followed by a piece of the
/// frame; a frame starts with S=1, PID=0 and its pieces concatenate back into the VP8 frame as the encoder wrote it.
/// </summary>
internal sealed class Vp8FrameAssembler(int maxFrameBytes) : FrameAssembler(maxFrameBytes)
{
    public override bool Append(ReadOnlySpan<byte> payload) =>
        Vp8Descriptor.TryParse(payload, out var descriptor) && descriptor.Length < payload.Length && TryWrite(payload[descriptor.Length..]);

    protected override bool StartsFrame(ReadOnlySpan<byte> payload)
    {
        if (!Vp8Descriptor.TryParse(payload, out var descriptor) || !descriptor.IsStartOfFrame)
        {
            return false;
        }

        IsKeyframe = descriptor.IsKeyframe;
        return true;
    }
}
