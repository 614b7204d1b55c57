using System.ComponentModel.DataAnnotations;

namespace OpenLive.Egress.Recording;

/// <summary>Pacing and bounds of the in-process recordings (docs/operations.md, "Recordings: layout, control and failures").</summary>
public sealed class RecordingOptions
{
    /// <summary>
    /// How long a recording waits for all its expected tracks (audio and video) to attach before the file starts with
    /// the tracks that are there: a container's header lists its tracks, so a track that comes later is not in the
    /// file. Default 5 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan TrackWait { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often the node's recording worker drains every recording's rings. Default 15 ms.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:00:01")]
    public TimeSpan DrainInterval { get; set; } = TimeSpan.FromMilliseconds(15);

    /// <summary>Ring slots of a video track (a power of two): about 2.5 s of a 2 Mbit/s camera at the default. Default 512.</summary>
    [Range(16, 65_536)]
    public int VideoRingSlots { get; set; } = 512;

    /// <summary>Ring slots of an audio track (a power of two): about 2.5 s of Opus at the default. Default 128.</summary>
    [Range(16, 65_536)]
    public int AudioRingSlots { get; set; } = 128;

    /// <summary>Largest RTP packet kept (header included); larger ones are dropped and counted. Default 1,500.</summary>
    [Range(64, 65_535)]
    public int MaxPacketBytes { get; set; } = 1500;
}
