using System.ComponentModel.DataAnnotations;

namespace OpenLive.Egress.Mp4;

/// <summary>How <see cref="FragmentedMp4Writer"/> cuts fragments (docs/operations.md, "Track recording (fragmented MP4)").</summary>
internal sealed class FragmentedMp4Options
{
    /// <summary>
    /// A fragment is cut at every video keyframe, and at the latest after this much media even without one (WebRTC
    /// senders send keyframes rarely: only on request or loss), which bounds what a crash loses and what is held in memory.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.1", "00:00:10")]
    public TimeSpan MaxFragmentDuration { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>A fragment is also cut once its samples reach this many bytes.</summary>
    [Range(64 * 1024, 64 * 1024 * 1024)]
    public int MaxFragmentBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>Whether finishing a seekable output appends an 'mfra' index of the fragments (14496-12 §8.8.9).</summary>
    public bool WriteRandomAccessIndex { get; set; } = true;

    /// <summary>
    /// Bytes each live reader (<see cref="FragmentedMp4Writer.OpenFromNextKeyframe"/>) may have queued; when one lags
    /// further, its whole fragments are dropped up to the next keyframe. Default 8 MiB.
    /// </summary>
    [Range(64 * 1024, 256 * 1024 * 1024)]
    public int LiveFeedQueueBytes { get; set; } = 8 * 1024 * 1024;
}
