namespace OpenLive.Egress.Media;

/// <summary>
/// The Opus pre-skip both containers declare (WebM's OpusHead and CodecDelay, MP4's 'dOps' PreSkip): 0.
/// </summary>
/// <remarks>
/// Pre-skip (RFC 7845 §4.2) is the encoder's look-ahead, the samples a player discards from the start of the
/// <em>encoder's</em> output. RTP (RFC 7587) does not carry it, and a recording rarely starts at the encoder's first
/// packet: it starts when the egress began, or at the first video keyframe, mid-stream. Declaring libopus's 312 there
/// would make players cut 6.5 ms of real audio and — ffmpeg places a WebM track's first sample at −CodecDelay — put the
/// audio 6.5 ms early against the video. WebRTC receivers discard nothing either, so 0 plays what the room heard, in
/// sync, and both containers agree (the Matroska Opus mapping's CodecDelay and ISO-BMFF Opus mapping's PreSkip both
/// say "samples to discard", which here is none). The decoder's convergence after a cut is SeekPreRoll's business
/// (80 ms in WebM), not pre-skip's.
/// </remarks>
internal static class OpusPreSkip
{
    /// <summary>Samples at 48 kHz a player discards at the start: none.</summary>
    public const ushort Samples = 0;
}
