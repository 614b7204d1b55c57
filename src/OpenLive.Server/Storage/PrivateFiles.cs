namespace OpenLive.Server.Storage;

/// <summary>
/// The data directory and its files are the node's secrets (app keys in the database, the dev app's key, the admin
/// key): the directory is owner-only (0700) and each file is created owner-only (0600) in the same call that creates
/// it, so there is no moment when another local user could open it. A directory or file left broader by an older
/// version is narrowed. SQLite creates its <c>-wal</c> and <c>-shm</c> files with the mode of the database file, so
/// creating the database file here covers them.
/// </summary>
internal static class PrivateFiles
{
    private const UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode GroupOrOther = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>Creates <paramref name="path"/> (and missing parents) owner-only, or narrows it to owner-only.</summary>
    public static void EnsureDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }

        if (!Directory.Exists(path))
        {
            Directory.CreateDirectory(path, OwnerOnlyDirectory);
        }

        // A sticky directory (/tmp, /var/tmp) is shared with every local user by design: narrowing it would lock them
        // all out of it (postgres's initdb could no longer reach its /tmp directory). The files in it are still 0600.
        if ((File.GetUnixFileMode(path) & UnixFileMode.StickyBit) != 0)
        {
            return;
        }

        Narrow(path, OwnerOnlyDirectory);
    }

    /// <summary>Creates an empty owner-only file unless one exists (which is narrowed to owner-only).</summary>
    public static void EnsureFile(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        try
        {
            using var created = new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                UnixCreateMode = OwnerOnlyFile,
            });
        }
        catch (IOException) when (File.Exists(path))
        {
            // Already there (an earlier start, or another process in the same instant): narrowed below.
        }

        Narrow(path, OwnerOnlyFile);
    }

    /// <summary>Writes <paramref name="text"/> to an owner-only file (created so, or narrowed before the write).</summary>
    public static void WriteAllText(string path, string text)
    {
        EnsureFile(path);
        File.WriteAllText(path, text);
    }

    /// <summary>Narrows an existing file to owner-only; nothing when it does not exist.</summary>
    public static void NarrowIfExists(string path)
    {
        if (!OperatingSystem.IsWindows() && File.Exists(path))
        {
            Narrow(path, OwnerOnlyFile);
        }
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static void Narrow(string path, UnixFileMode ownerOnly)
    {
        var mode = File.GetUnixFileMode(path);
        if ((mode & GroupOrOther) != 0)
        {
            File.SetUnixFileMode(path, mode & ownerOnly);
        }
    }
}
