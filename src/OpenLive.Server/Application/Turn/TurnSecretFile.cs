namespace OpenLive.Server.Application.Turn;

/// <summary>
/// The TURN secret from a file (<c>--turn-secret-file</c>) rather than the command line, where every local user sees it
/// in <c>ps</c>. Like ssh with its keys, a file other users may read is refused: the secret mints relay credentials.
/// </summary>
internal static class TurnSecretFile
{
    private const UnixFileMode GroupOrOther = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>Longest file read: a secret is a line, not a document.</summary>
    private const int MaxBytes = 4096;

    /// <summary>Reads the first line of <paramref name="path"/>; false with a problem (never quoting the content).</summary>
    public static bool TryRead(string path, [NotNullWhen(true)] out string? secret, [NotNullWhen(false)] out string? problem)
    {
        secret = null;
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                problem = $"{path} does not exist";
                return false;
            }

            if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & GroupOrOther) != 0)
            {
                problem = $"{path} is readable or writable by other users: chmod 600 it (it holds the TURN secret)";
                return false;
            }

            if (info.Length > MaxBytes)
            {
                problem = $"{path} is longer than {MaxBytes} bytes: it should hold the secret on one line";
                return false;
            }

            var text = File.ReadAllText(path);
            var line = text.Split('\n', 2)[0].Trim();
            if (line.Length == 0)
            {
                problem = $"{path} is empty";
                return false;
            }

            secret = line;
            problem = null;
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problem = $"{path} cannot be read: {e.Message}";
            return false;
        }
    }
}
