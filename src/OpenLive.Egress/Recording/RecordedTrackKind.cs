namespace OpenLive.Egress.Recording;

/// <summary>Which of a member's tracks a <see cref="RecordingTrackFeed"/> carries.</summary>
public enum RecordedTrackKind
{
    /// <summary>The microphone (Opus).</summary>
    Audio,

    /// <summary>The camera or the shared screen (VP8, VP9, AV1 or H.264).</summary>
    Video,
}
