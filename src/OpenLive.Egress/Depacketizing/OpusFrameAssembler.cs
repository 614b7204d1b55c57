namespace OpenLive.Egress.Depacketizing;

/// <summary>Opus (RFC 7587 §4.2): one RTP payload is exactly one Opus packet, i.e. one frame, always decodable on its own.</summary>
internal sealed class OpusFrameAssembler(int maxFrameBytes) : FrameAssembler(maxFrameBytes)
{
    public override bool IsAudio => true;

    public override bool Append(ReadOnlySpan<byte> payload) => TryWrite(payload);

    // An empty payload is DTX silence signalled by absence in WebM: nothing to write (RFC 7587 §4.2 allows it).
    protected override bool StartsFrame(ReadOnlySpan<byte> payload)
    {
        IsKeyframe = true;
        return !payload.IsEmpty;
    }
}
