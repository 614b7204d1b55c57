using Microsoft.Extensions.Logging;

namespace OpenLive.Egress.Ffmpeg;

/// <summary>The ffmpeg outputs' log lines: every output is named by its redacted <see cref="FfmpegOutputTarget.Description"/>.</summary>
internal static partial class FfmpegOutputLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "ffmpeg output {Output}: started (pid {Pid}, attempt {Attempt})")]
    public static partial void Started(ILogger logger, string output, int pid, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "ffmpeg output {Output}: ffmpeg exited unexpectedly ({Reason}); restart {Attempt} in {RetryIn}")]
    public static partial void Exited(ILogger logger, string output, string reason, int attempt, TimeSpan retryIn);

    [LoggerMessage(Level = LogLevel.Information, Message = "ffmpeg output {Output}: ended ({Reason})")]
    public static partial void Ended(ILogger logger, string output, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "ffmpeg output {Output}: ended with error {Error} ({Reason})")]
    public static partial void Failed(ILogger logger, string output, FfmpegOutputError error, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "ffmpeg output {Output}: {Line}")]
    public static partial void Stderr(ILogger logger, string output, string line);

    [LoggerMessage(Level = LogLevel.Warning, Message = "ffmpeg output {Output}: a process other than ffmpeg (pid {Pid}) connected to the feed socket; refused")]
    public static partial void ForeignPeer(ILogger logger, string output, int pid);
}
