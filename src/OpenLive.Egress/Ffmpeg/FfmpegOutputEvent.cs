namespace OpenLive.Egress.Ffmpeg;

/// <summary>What happened to an ffmpeg output.</summary>
public enum FfmpegOutputEventKind
{
    /// <summary>ffmpeg is running and reading its feed (the first process).</summary>
    Started,

    /// <summary>ffmpeg exited unexpectedly; it is restarted after <see cref="FfmpegOutputEvent.RetryIn"/>.</summary>
    Exited,

    /// <summary>A new ffmpeg is running and reading a fresh stream (header, then from the next keyframe); attempt n.</summary>
    Restarted,

    /// <summary>The output has ended: <see cref="FfmpegOutputEvent.Error"/> is null when it ended as asked (stop, or the source ended).</summary>
    Ended,
}

/// <summary>Why an ffmpeg output ended with an error.</summary>
public enum FfmpegOutputError
{
    /// <summary>No ffmpeg executable at the configured path or on PATH.</summary>
    FfmpegNotFound,

    /// <summary>The ffmpeg executable could not be started.</summary>
    FfmpegNotStartable,

    /// <summary>The output directory could not be created or written.</summary>
    OutputUnwritable,

    /// <summary>An unexpected failure of the supervisor itself (reported, never thrown into the host).</summary>
    Unexpected,

    /// <summary>ffmpeg kept failing: more than the allowed restarts within the window.</summary>
    RestartLimitReached,
}

/// <summary>One event of an ffmpeg output (see <see cref="FfmpegOutput.Events"/>). Nothing in it holds a stream key.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="Attempt">0 for the first process, n for the n-th restart.</param>
/// <param name="Error">For <see cref="FfmpegOutputEventKind.Ended"/>: null when it ended as asked, else why.</param>
/// <param name="Reason">A human-readable reason (exit code, ffmpeg's last message), redacted.</param>
/// <param name="ExitCode">ffmpeg's exit code, when it exited.</param>
/// <param name="RetryIn">For <see cref="FfmpegOutputEventKind.Exited"/>: the back-off before the restart.</param>
/// <param name="StderrTail">The last lines of ffmpeg's stderr (redacted) when it exited.</param>
public sealed record FfmpegOutputEvent(
    FfmpegOutputEventKind Kind,
    int Attempt,
    FfmpegOutputError? Error = null,
    string? Reason = null,
    int? ExitCode = null,
    TimeSpan? RetryIn = null,
    IReadOnlyList<string>? StderrTail = null);
