namespace OpenLive.Egress.Mp4;

/// <summary>What <see cref="FragmentedMp4Writer"/> did with a frame.</summary>
internal enum Mp4WriteStatus
{
    /// <summary>Taken: it is in the file or in the fragment being gathered.</summary>
    Accepted,

    /// <summary>A video frame before the first keyframe that carries (or follows) an SPS and PPS: nothing can decode it.</summary>
    DroppedBeforeKeyframe,

    /// <summary>A keyframe whose SPS the writer cannot read (<see cref="H264SpsStatus"/>), or over-long parameter sets: waiting for a good one.</summary>
    DroppedBadParameterSets,

    /// <summary>A frame with no bytes, or video with no NAL unit.</summary>
    DroppedEmpty,

    /// <summary>The writer was not given this kind of track.</summary>
    NoSuchTrack,

    /// <summary>The writer is finished, or the output failed earlier (<see cref="FragmentedMp4Writer.Fault"/>).</summary>
    Closed,

    /// <summary>Writing to the output failed now; see <see cref="FragmentedMp4Writer.Fault"/>. What was written before stays playable.</summary>
    OutputFailed,
}
