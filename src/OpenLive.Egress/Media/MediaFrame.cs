namespace OpenLive.Egress.Media;

/// <summary>
/// One whole coded frame as the depacketizers hand it to the writers: a video picture's bitstream (H.264 in Annex B,
/// start codes before every NAL unit, parameter sets in-band as sent) or one Opus packet.
/// </summary>
/// <remarks>
/// <see cref="Data"/> is only valid for the duration of the call that receives it: the depacketizer reuses its buffer
/// for the next frame (recording many tracks per core must not allocate per frame). A writer that keeps bytes copies
/// them. <see cref="Timestamp"/> is the RTP timestamp unwrapped to 64 bits, in the track's clock rate; the first frame of
/// a track need not be zero.
/// </remarks>
/// <param name="Data">The frame's bytes (see remarks for lifetime).</param>
/// <param name="Timestamp">The RTP timestamp unwrapped to 64 bits, in units of the track's clock rate.</param>
/// <param name="IsKeyframe">Whether a decoder can start here (always true for audio).</param>
public readonly record struct MediaFrame(ReadOnlyMemory<byte> Data, long Timestamp, bool IsKeyframe);
