namespace OpenLive.Egress.WebM;

/// <summary>What <see cref="WebMWriter.WriteFrame"/> did with a frame.</summary>
public enum WebMWriteStatus
{
    /// <summary>Taken: queued for interleaving, written with its cluster.</summary>
    Accepted,

    /// <summary>Dropped: a video frame before the track's first usable keyframe, or audio waiting too long for the video to start.</summary>
    Dropped,

    /// <summary>Writing to the stream failed (<see cref="WebMWriter.Failure"/>); the file so far stays playable, nothing more is written.</summary>
    Failed,

    /// <summary>The writer was finished or disposed.</summary>
    Finished,
}
