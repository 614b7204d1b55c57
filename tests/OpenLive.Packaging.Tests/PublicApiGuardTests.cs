using OpenLive.Testing;

namespace OpenLive.Packaging.Tests;

/// <summary>
/// The public-API guard of the packaged libraries: a public member that PublicAPI.*.txt does not list fails the build
/// (RS0016), as does one without XML docs (CS1591), and so does a listed member that is gone (RS0017) — so a change to
/// what apps compile against, either way, is always a reviewed diff. A copy of the library's sources is changed both
/// ways and built (under artifacts/, so the repository's build settings and package versions apply); the library's own
/// build output is not touched. OpenLive.Core stands alone; OpenLive.Sdk, the package apps install, is built against
/// the repository's build of the libraries it references, which are not rebuilt.
/// </summary>
public sealed class PublicApiGuardTests : IDisposable
{
    private static readonly TimeSpan BuildDeadline = TimeSpan.FromMinutes(4);
    private readonly string _work = RepoPaths.InRoot("artifacts", "api-guard-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Theory]
    [InlineData("OpenLive.Core")]
    [InlineData("OpenLive.Sdk")]
    public async Task AnAddedMemberNotListed_OrUndocumented_AndAListedMemberThatIsGone_FailTheBuild(string library)
    {
        // "src/" in the path: the repository's props give projects there XML docs (and so CS1591).
        var project = Path.Combine(_work, "src", library);
        CopySources(RepoPaths.InRoot("src", library), project);
        var projectFile = Path.Combine(project, library + ".csproj");
        PointReferencesAtTheRepository(projectFile);

        // Added: a public type the PublicAPI files do not list, with an undocumented member.
        await File.WriteAllTextAsync(Path.Combine(project, "ApiProbe.cs"), $$"""
            namespace {{library}};

            /// <summary>A public type the PublicAPI files do not list.</summary>
            public static class ApiProbe
            {
                public const int Undocumented = 1;
            }
            """);

        // Removed: a listed member the sources no longer have (as when a public method is deleted or made internal).
        var removed = $"static {library}.RemovedByTheTest.Gone() -> int";
        await File.AppendAllTextAsync(Path.Combine(project, "PublicAPI.Unshipped.txt"), removed + Environment.NewLine);

        var (exit, output) = await ProcessRun.RunAsync(RepoPaths.Root, BuildDeadline, null,
            "build", projectFile, "-c", "Debug", "-nologo", "-v", "quiet", "-p:BuildProjectReferences=false");

        Assert.NotEqual(0, exit);
        Assert.Contains("RS0016", output, StringComparison.Ordinal);
        Assert.Contains($"{library}.ApiProbe", output, StringComparison.Ordinal);
        Assert.Contains("CS1591", output, StringComparison.Ordinal);
        Assert.Contains("RS0017", output, StringComparison.Ordinal);
        Assert.Contains($"{library}.RemovedByTheTest.Gone()", output, StringComparison.Ordinal);
    }

    /// <summary>The copy's project references name the repository's projects (whose Debug build is used as it is).</summary>
    private static void PointReferencesAtTheRepository(string projectFile)
    {
        var text = File.ReadAllText(projectFile);
        var src = RepoPaths.InRoot("src") + Path.DirectorySeparatorChar;
        File.WriteAllText(projectFile, text.Replace("Include=\"..\\", "Include=\"" + src, StringComparison.Ordinal));
    }

    /// <summary>The project's files without its build output.</summary>
    private static void CopySources(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, file);
            if (relative.StartsWith("obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal) || relative.StartsWith("bin" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                continue;
            }

            var target = Path.Combine(to, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
