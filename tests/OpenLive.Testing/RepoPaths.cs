namespace OpenLive.Testing;

/// <summary>Locates the checkout, its <c>spec/</c> folder and, when present, the steering <c>shared/</c> folder beside it.</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> s_root = new(FindRoot);

    /// <summary>The checkout's root (the folder holding OpenLive.sln).</summary>
    public static string Root => s_root.Value;

    /// <summary>The seed tables the error catalog is checked against, kept in the repository so a clone tests on its own.</summary>
    public static string Spec => InRoot("spec");

    /// <summary>
    /// The steering <c>shared/spec</c> folder the in-repo <see cref="Spec"/> was copied from: <c>$OPENLIVE_SHARED/spec</c>,
    /// else <c>../shared/spec</c> beside the checkout; null when it is not there (a plain clone has none). Only the test
    /// that the two copies agree reads it.
    /// </summary>
    public static string? SharedSpec
    {
        get
        {
            var shared = Environment.GetEnvironmentVariable("OPENLIVE_SHARED") is { Length: > 0 } configured
                ? configured
                : Path.GetFullPath(Path.Combine(Root, "..", "shared"));
            var spec = Path.Combine(shared, "spec");
            return Directory.Exists(spec) ? spec : null;
        }
    }

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
