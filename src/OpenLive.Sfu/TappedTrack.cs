namespace OpenLive.Sfu;

/// <summary>What a tapped track carries, as negotiated with its publisher.</summary>
/// <param name="MemberId">The publisher.</param>
/// <param name="Source">Audio, camera or screen.</param>
/// <param name="CodecName">The codec's SDP name as negotiated (e.g. "VP8", "H264", "opus").</param>
/// <param name="ClockRate">The RTP clock rate.</param>
/// <param name="Channels">Audio channels (2 for Opus in WebRTC); 0 for video.</param>
/// <param name="FormatParameters">The codec's fmtp line as negotiated, or null.</param>
/// <param name="Rid">The simulcast layer tapped (its rid), or null without simulcast.</param>
public sealed record TappedTrack(string MemberId, TrackSource Source, string CodecName, int ClockRate, int Channels, string? FormatParameters, string? Rid);
