namespace OpenLive.Server.Edges.Recordings;

/// <summary>
/// A recording's file id (its path under the recordings directory, '/'-separated) checked before it touches the file
/// system: only relative paths of plain segments that end in a recording's extension, resolved inside the directory.
/// Whatever a client sends (traversal, absolute paths, backslashes, NUL, encoded separators already decoded by the
/// router) either names a recording file under the directory or is refused.
/// </summary>
internal static class RecordingFileIds
{
    /// <summary>The longest id accepted (far above the layout's app/room/member/stamp-channel.ext).</summary>
    public const int MaxLength = 512;

    private static readonly string[] Extensions = [".webm", ".mp4"];

    /// <summary>The full path of <paramref name="fileId"/> inside <paramref name="root"/>, or false when the id is not a recording's.</summary>
    public static bool TryResolve(string root, string? fileId, out string fullPath)
    {
        fullPath = string.Empty;
        if (string.IsNullOrEmpty(fileId) || fileId.Length > MaxLength || !Extensions.Any(e => fileId.EndsWith(e, StringComparison.Ordinal)))
        {
            return false;
        }

        foreach (var segment in fileId.Split('/'))
        {
            if (segment.Length == 0 || segment is "." or ".." || segment.AsSpan().IndexOfAny('\\', '\0', ':') >= 0 || segment.Any(char.IsControl))
            {
                return false;
            }
        }

        var rootFull = Path.GetFullPath(root);
        var candidate = Path.GetFullPath(Path.Combine(rootFull, fileId));
        if (!candidate.StartsWith(Path.EndsInDirectorySeparator(rootFull) ? rootFull : rootFull + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            return false;
        }

        fullPath = candidate;
        return true;
    }

    /// <summary>The media type of a recording file, by its extension.</summary>
    public static string ContentType(string fileId) => fileId.EndsWith(".mp4", StringComparison.Ordinal) ? "video/mp4" : "video/webm";
}
