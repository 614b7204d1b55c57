namespace OpenLive.Egress.Media;

/// <summary>A track as a writer declares it before the first frame: what the SFU negotiated for it.</summary>
/// <param name="Codec">The codec, without transcoding.</param>
/// <param name="ClockRate">The RTP clock rate of <see cref="MediaFrame.Timestamp"/> (90,000 for video, 48,000 for Opus).</param>
/// <param name="Channels">Audio channels (2 for Opus as negotiated in WebRTC); 0 for video.</param>
public sealed record EgressTrack(EgressCodec Codec, int ClockRate, int Channels)
{
    /// <summary>Whether this is a video track.</summary>
    public bool IsVideo => Codec is not EgressCodec.Opus;
}
