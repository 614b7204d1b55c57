namespace OpenLive.Egress.Mp4;

/// <summary>What <see cref="H264SequenceParameterSet.TryRead"/> found.</summary>
internal enum H264SpsStatus
{
    /// <summary>A sequence parameter set, read up to the frame cropping (the VUI is not needed).</summary>
    Ok,

    /// <summary>The NAL unit is not a sequence parameter set (type 7), or its forbidden bit is set.</summary>
    NotSps,

    /// <summary>The NAL unit ends before the fields the writer needs.</summary>
    Truncated,

    /// <summary>A field is outside the range H.264 allows, or the picture size is zero, negative or over 16,384 pixels.</summary>
    OutOfRange,
}
