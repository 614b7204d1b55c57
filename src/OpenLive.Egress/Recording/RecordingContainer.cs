namespace OpenLive.Egress.Recording;

/// <summary>The file format a recording writes, chosen by the video codec when the recording starts.</summary>
public enum RecordingContainer
{
    /// <summary>WebM (Matroska): VP8, VP9 or AV1 video and/or Opus audio; also an audio-only recording.</summary>
    WebM,

    /// <summary>Fragmented MP4: H.264 video and Opus audio.</summary>
    Mp4,
}
