using OpenLive.Egress.Media;

namespace OpenLive.Egress.Recording;

/// <summary>How a recording ended.</summary>
/// <param name="Container">The file's format; null when no file was started.</param>
/// <param name="Tracks">The tracks in the file.</param>
/// <param name="FramesPerTrack">Frames written per track, in <paramref name="Tracks"/>' order.</param>
/// <param name="Bytes">Bytes written.</param>
/// <param name="Duration">Media time of the file: the video's first to last frame (the audio's without video).</param>
/// <param name="Error">Why it ended early (the output failed, nothing to record), or null for a clean end.</param>
/// <param name="EndedAt">When it ended.</param>
public sealed record RecordingResult(
    RecordingContainer? Container,
    IReadOnlyList<EgressTrack> Tracks,
    IReadOnlyList<long> FramesPerTrack,
    long Bytes,
    TimeSpan Duration,
    string? Error,
    DateTimeOffset EndedAt);
