namespace OpenLive.Egress.Ffmpeg;

/// <summary>
/// ffmpeg's argument list for one output. Handed to the process as a list (never through a shell), built only from
/// validated targets and options.
/// </summary>
internal static class FfmpegArguments
{
    /// <summary>The arguments: quiet logging, the feed on stdin as input (explicit demuxer: no probing guesswork), the output.</summary>
    public static List<string> Build(LiveFeedFormat format, FfmpegOutputTarget target, FfmpegOutputOptions options)
    {
        List<string> arguments =
        [
            "-hide_banner", "-nostdin", "-nostats", "-loglevel", "warning",
            "-f", format.Container == LiveFeedContainer.WebM ? "matroska" : "mp4",
            // stdin, an anonymous pipe: ffmpeg's pipe protocol is marked unseekable, so demuxers read forward instead
            // of seeking (its unix: protocol is not, and the MP4 demuxer then fails with ENOSYS on a live feed).
            "-i", "pipe:0",
        ];
        target.AppendOutputArguments(arguments, format, options);
        return arguments;
    }
}
