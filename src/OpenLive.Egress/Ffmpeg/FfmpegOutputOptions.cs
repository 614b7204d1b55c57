using System.ComponentModel.DataAnnotations;

namespace OpenLive.Egress.Ffmpeg;

/// <summary>
/// The supervised ffmpeg outputs (live HLS, RTMP push): where ffmpeg is, where HLS goes, how failures are retried
/// (<c>OpenLive:Egress:Ffmpeg</c>). Validated by <see cref="FfmpegOutputOptionsValidator"/> (register it with
/// <c>ValidateOnStart</c>).
/// </summary>
public sealed class FfmpegOutputOptions : IValidatableObject
{
    /// <summary>Configuration section.</summary>
    public const string Section = "OpenLive:Egress:Ffmpeg";

    /// <summary>The ffmpeg executable: an absolute path, or empty to find <c>ffmpeg</c> on <c>PATH</c> (the default).</summary>
    [StringLength(1024)]
    public string? FfmpegPath { get; set; }

    /// <summary>
    /// The recordings root: every HLS output directory is a relative path under it (<c>./data/recordings</c> by
    /// default, resolved against the working directory). No <c>%</c> in it: ffmpeg expands <c>%d</c> in segment names.
    /// </summary>
    [Required]
    [StringLength(1024, MinimumLength = 1)]
    public string RecordingsRoot { get; set; } = "data/recordings";

    /// <summary>The first restart waits this long after an unexpected exit; each further restart in the window doubles it.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:10:00")]
    public TimeSpan RestartBackoffMin { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait before a restart.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan RestartBackoffMax { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>At most this many restarts within <see cref="RestartWindow"/>; one more failure ends the output with an error.</summary>
    [Range(0, 100)]
    public int MaxRestarts { get; set; } = 5;

    /// <summary>The sliding window <see cref="MaxRestarts"/> counts in.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan RestartWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>HLS segment length in seconds (<c>-hls_time</c>); transcoded video gets a keyframe at every multiple of it.</summary>
    [Range(1.0, 10.0)]
    public double HlsSegmentSeconds { get; set; } = 2.0;

    /// <summary>Segments in the live playlist (<c>-hls_list_size</c>); older ones are deleted.</summary>
    [Range(2, 100)]
    public int HlsWindowSegments { get; set; } = 6;

    /// <summary>On stop, how long ffmpeg has to finish its files after its feed ends before it is killed.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan StopTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The last lines of ffmpeg's stderr kept for the error report (each cut at 512 characters).</summary>
    [Range(1, 1000)]
    public int StderrLines { get; set; } = 40;

    /// <summary>
    /// The feed queue between the writer and ffmpeg, in bytes (<see cref="BoundedLiveFeed"/>): when ffmpeg is slower,
    /// whole clusters/fragments are dropped up to the next keyframe rather than memory growing.
    /// </summary>
    [Range(64 * 1024, 256 * 1024 * 1024)]
    public int FeedQueueBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>The recordings root as an absolute path.</summary>
    public string ResolveRecordingsRoot() => Path.TrimEndingDirectorySeparator(Path.GetFullPath(RecordingsRoot));

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (RestartBackoffMin > RestartBackoffMax)
        {
            yield return new ValidationResult(
                $"{Section}: RestartBackoffMin ({RestartBackoffMin}) is longer than RestartBackoffMax ({RestartBackoffMax}).",
                [nameof(RestartBackoffMin), nameof(RestartBackoffMax)]);
        }

        if (!string.IsNullOrEmpty(FfmpegPath) && (!Path.IsPathFullyQualified(FfmpegPath) || FfmpegPath.Any(char.IsControl)))
        {
            yield return new ValidationResult(
                $"{Section}:FfmpegPath must be an absolute path (or empty to use ffmpeg from PATH).", [nameof(FfmpegPath)]);
        }

        if (!string.IsNullOrEmpty(RecordingsRoot) && (RecordingsRoot.Contains('%', StringComparison.Ordinal) || RecordingsRoot.Any(char.IsControl)))
        {
            yield return new ValidationResult(
                $"{Section}:RecordingsRoot must not contain '%' or control characters (ffmpeg expands %d in segment file names).",
                [nameof(RecordingsRoot)]);
        }
    }
}
