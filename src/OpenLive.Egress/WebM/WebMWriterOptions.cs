using System.ComponentModel.DataAnnotations;

namespace OpenLive.Egress.WebM;

/// <summary>Bounds and pacing of a <see cref="WebMWriter"/>.</summary>
public sealed class WebMWriterOptions
{
    /// <summary>
    /// How long (in media time: how far the newest frame of any track is ahead) a frame waits for the other tracks
    /// before it is written without them: the bounded wait that interleaves audio and video in timestamp order yet
    /// keeps a stalled track (camera off) from holding the file back. Default 500 ms.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:10")]
    public TimeSpan InterleaveWait { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// A cluster is closed (written and flushed) at the latest after this long even without a video keyframe: the most
    /// a crash can lose. Default 5 s; at most 30 s (a block's time is a 16-bit millisecond offset in its cluster).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:00:30")]
    public TimeSpan MaxClusterDuration { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Cluster length of an audio-only recording. Default 2 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:00:30")]
    public TimeSpan AudioClusterDuration { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Frames a track may have queued (waiting for interleaving, or audio waiting for the video's first keyframe); past
    /// it the oldest are written (or, before the file starts, dropped). Default 512 (about 10 s of Opus).
    /// </summary>
    [Range(16, 100_000)]
    public int MaxQueuedFrames { get; set; } = 512;

    /// <summary>
    /// Bytes each live reader (<see cref="WebMWriter.OpenFromNextKeyframe"/>) may have queued; when one lags further,
    /// its whole clusters are dropped up to the next keyframe. Default 8 MiB (about 30 s at 2 Mbit/s).
    /// </summary>
    [Range(64 * 1024, 256 * 1024 * 1024)]
    public int LiveFeedQueueBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>Written as MuxingApp and WritingApp.</summary>
    [Required]
    public string Application { get; set; } = "OpenLive";
}
