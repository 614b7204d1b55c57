namespace OpenLive.Testing;

/// <summary>Locates the checkout and the read-only <c>shared/</c> folder beside it, from wherever tests run.</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> s_root = new(FindRoot);

    /// <summary>The checkout's root (the folder holding OpenLive.sln).</summary>
    public static string Root => s_root.Value;

    /// <summary>The shared folder: $OPENLIVE_SHARED, else <c>../shared</c> next to the checkout.</summary>
    public static string Shared =>
        Environment.GetEnvironmentVariable("OPENLIVE_SHARED") is { Length: > 0 } configured
            ? configured
            : Path.GetFullPath(Path.Combine(Root, "..", "shared"));

    /// <summary>A path under the checkout.</summary>
    public static string InRoot(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OpenLive.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No OpenLive.sln above {AppContext.BaseDirectory}.");
    }
}
