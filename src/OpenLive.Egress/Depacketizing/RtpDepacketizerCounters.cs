namespace OpenLive.Egress.Depacketizing;

/// <summary>What one track's depacketizer saw, for logs, metrics and tests.</summary>
/// <param name="Packets">Packets accepted into the reorder window.</param>
/// <param name="Rejected">Malformed or oversized packets.</param>
/// <param name="Late">Packets that came after their place had been given up.</param>
/// <param name="Duplicates">Packets already held.</param>
/// <param name="LostPackets">Packets given up as lost (a gap older than the window).</param>
/// <param name="Frames">Frames handed to the sink.</param>
/// <param name="DroppedFrames">Frames dropped: incomplete, malformed, oversized, or while waiting for a keyframe.</param>
/// <param name="KeyframeRequests">Calls to <see cref="IKeyframeRequester.RequestKeyframe"/>.</param>
public readonly record struct RtpDepacketizerCounters(
    long Packets,
    long Rejected,
    long Late,
    long Duplicates,
    long LostPackets,
    long Frames,
    long DroppedFrames,
    long KeyframeRequests);
