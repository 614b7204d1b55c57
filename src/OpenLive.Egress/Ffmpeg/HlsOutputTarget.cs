using System.Globalization;

namespace OpenLive.Egress.Ffmpeg;

/// <summary>
/// Live HLS into one directory under the recordings root: <c>index.m3u8</c>, <c>init.mp4</c> and <c>seg-N.m4s</c>
/// (fMP4 segments, RFC 8216bis), a sliding window with older segments deleted.
/// </summary>
public sealed class HlsOutputTarget : FfmpegOutputTarget
{
    /// <summary>The playlist's file name in the output directory.</summary>
    public const string PlaylistName = "index.m3u8";

    /// <summary>Longest accepted relative directory.</summary>
    public const int MaxRelativeDirectoryLength = 512;

    private readonly string _root;

    private HlsOutputTarget(string root, string directory, string fileToken)
    {
        _root = root;
        Directory = directory;
        FileToken = fileToken;
    }

    /// <summary>
    /// Part of the init and segment file names (<c>init-{token}.mp4</c>, <c>seg-{token}-N.m4s</c>), or empty
    /// (<c>init.mp4</c>, <c>seg-N.m4s</c>). A token per output lets those files be cached as immutable: a later output in
    /// the same directory starts its numbering again under other names.
    /// </summary>
    public string FileToken { get; }

    /// <summary>The init segment's file name.</summary>
    public string InitFileName => FileToken.Length == 0 ? "init.mp4" : $"init-{FileToken}.mp4";

    /// <summary>The output directory (absolute, under the recordings root).</summary>
    public string Directory { get; }

    /// <summary>The playlist's full path.</summary>
    public string PlaylistPath => Path.Combine(Directory, PlaylistName);

    /// <inheritdoc />
    public override FfmpegOutputKind Kind => FfmpegOutputKind.Hls;

    /// <inheritdoc />
    public override string Description => $"HLS {Directory}";

    /// <summary>
    /// An HLS output in <paramref name="relativeDirectory"/> under the recordings root: segments of letters, digits,
    /// '.', '_' and '-' separated by '/', none of them "." or "..", at most <see cref="MaxRelativeDirectoryLength"/>
    /// characters; false with why not.
    /// </summary>
    public static bool TryCreate(string recordingsRoot, string relativeDirectory, out HlsOutputTarget? target, out string problem) =>
        TryCreate(recordingsRoot, relativeDirectory, "", out target, out problem);

    /// <summary>
    /// <see cref="TryCreate(string, string, out HlsOutputTarget?, out string)"/> with a <see cref="FileToken"/>: empty, or
    /// 1 to 16 of a–z and 0–9.
    /// </summary>
    public static bool TryCreate(string recordingsRoot, string relativeDirectory, string fileToken, out HlsOutputTarget? target, out string problem)
    {
        target = null;
        ArgumentNullException.ThrowIfNull(fileToken);
        if (fileToken.Length > 16 || fileToken.Any(c => !char.IsAsciiDigit(c) && !char.IsAsciiLetterLower(c)))
        {
            problem = "the HLS file token must be at most 16 of a-z and 0-9";
            return false;
        }

        if (string.IsNullOrEmpty(relativeDirectory) || relativeDirectory.Length > MaxRelativeDirectoryLength)
        {
            problem = $"the HLS directory must be 1 to {MaxRelativeDirectoryLength} characters";
            return false;
        }

        var segments = relativeDirectory.Split('/');
        foreach (var segment in segments)
        {
            if (segment.Length == 0 || segment is "." or ".." || !segment.All(IsAllowed))
            {
                problem = "the HLS directory must be a relative path of letters, digits, '.', '_' and '-' separated by '/', without '.' or '..' segments";
                return false;
            }
        }

        if (string.IsNullOrEmpty(recordingsRoot) || !Path.IsPathFullyQualified(recordingsRoot) || recordingsRoot.Contains('%', StringComparison.Ordinal))
        {
            problem = "the recordings root must be an absolute path without '%'";
            return false;
        }

        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(recordingsRoot));
        var full = Path.GetFullPath(Path.Combine(root, relativeDirectory));
        if (!full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            problem = "the HLS directory is not under the recordings root";
            return false;
        }

        target = new HlsOutputTarget(root, full, fileToken);
        problem = "";
        return true;
    }

    private static bool IsAllowed(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-';

    /// <inheritdoc />
    public override string Redact(string text) => text;

    /// <inheritdoc />
    internal override bool TryPrepare(out string problem)
    {
        try
        {
            // No component under the root may be a symbolic link: creating through one could leave the root.
            for (var component = Directory; component.Length > _root.Length; component = Path.GetDirectoryName(component)!)
            {
                if (new DirectoryInfo(component).LinkTarget is not null)
                {
                    problem = $"the HLS directory {Directory} is not writable: {component} is a symbolic link";
                    return false;
                }
            }

            System.IO.Directory.CreateDirectory(Directory);

            // Creating the directory can succeed where writing does not (read-only mount, full disk): try a file.
            var probe = Path.Combine(Directory, ".openlive-write-probe");
            File.WriteAllBytes(probe, [0]);
            File.Delete(probe);
            problem = "";
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problem = $"the HLS directory {Directory} is not writable: {e.Message}";
            return false;
        }
    }

    /// <inheritdoc />
    internal override void AppendOutputArguments(List<string> arguments, LiveFeedFormat format, FfmpegOutputOptions options)
    {
        AppendCodecArguments(arguments, format, options.HlsSegmentSeconds);
        arguments.AddRange([
            "-f", "hls",
            "-hls_time", options.HlsSegmentSeconds.ToString("0.###", CultureInfo.InvariantCulture),
            "-hls_list_size", options.HlsWindowSegments.ToString(CultureInfo.InvariantCulture),
            "-hls_segment_type", "fmp4",
            // append_list: a restarted ffmpeg continues the playlist and the segment numbers instead of starting over.
            "-hls_flags", "delete_segments+independent_segments+append_list+temp_file",
            "-hls_fmp4_init_filename", InitFileName,
            // Absolute paths (no "file:" prefix: ffmpeg 5.1 then fails to delete old segments).
            "-hls_segment_filename", Path.Combine(Directory, FileToken.Length == 0 ? "seg-%d.m4s" : $"seg-{FileToken}-%d.m4s"),
            PlaylistPath,
        ]);
    }
}
