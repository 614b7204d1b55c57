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
            // The feed's header names every codec and size, so ffmpeg need not read ahead to find them: by default it
            // buffers up to 5 s of a live input before starting (analyzeduration), and that delay stays for the show.
            "-analyzeduration", "0", "-probesize", "32768",
            "-f", format.Container == LiveFeedContainer.WebM ? "matroska" : "mp4",
            // stdin, an anonymous pipe: ffmpeg's pipe protocol is marked unseekable, so demuxers read forward instead
            // of seeking (its unix: protocol is not, and the MP4 demuxer then fails with ENOSYS on a live feed).
            "-i", "pipe:0",
        ];
        target.AppendOutputArguments(arguments, format, options);
        return arguments;
    }
}
