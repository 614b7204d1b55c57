namespace OpenLive.Egress.Ffmpeg;

/// <summary>Finds the ffmpeg executable: the configured absolute path, or <c>ffmpeg</c> on <c>PATH</c>.</summary>
public static class FfmpegLocator
{
    /// <summary>
    /// The executable's full path, or <see langword="false"/> with why not (never throws: a missing ffmpeg ends the
    /// output with <see cref="FfmpegOutputError.FfmpegNotFound"/>, never crashes the node).
    /// </summary>
    public static bool TryLocate(string? configuredPath, out string path, out string problem)
    {
        path = "";
        if (!string.IsNullOrEmpty(configuredPath))
        {
            if (!Path.IsPathFullyQualified(configuredPath))
            {
                problem = "the configured ffmpeg path is not absolute";
                return false;
            }

            if (!IsExecutableFile(configuredPath))
            {
                problem = $"ffmpeg not found at the configured path {configuredPath} (install Debian's ffmpeg or set {FfmpegOutputOptions.Section}:FfmpegPath)";
                return false;
            }

            path = configuredPath;
            problem = "";
            return true;
        }

        var searchPath = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var directory in searchPath.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            if (!Path.IsPathFullyQualified(directory))
            {
                continue; // a relative PATH entry would make the binary depend on the working directory
            }

            var candidate = Path.Combine(directory, OperatingSystem.IsWindows() ? "ffmpeg.exe" : "ffmpeg");
            if (IsExecutableFile(candidate))
            {
                path = candidate;
                problem = "";
                return true;
            }
        }

        problem = $"ffmpeg not found on PATH (install Debian's ffmpeg or set {FfmpegOutputOptions.Section}:FfmpegPath)";
        return false;
    }

    private static bool IsExecutableFile(string candidate)
    {
        try
        {
            if (!File.Exists(candidate))
            {
                return false;
            }

            if (OperatingSystem.IsWindows())
            {
                return true;
            }

            var mode = File.GetUnixFileMode(candidate);
            return (mode & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }
}
