using OpenLive.Testing;

namespace OpenLive.Packaging.Tests;

/// <summary>
/// The public-API guard of the packaged libraries: a public member that PublicAPI.*.txt does not list fails the build
/// (RS0016), as does one without XML docs (CS1591) — so a change to what apps compile against is always a reviewed diff.
/// A copy of the library's sources with one extra file is built (under artifacts/, so the repository's build settings
/// and package versions apply); the library's own build output is not touched.
/// </summary>
public sealed class PublicApiGuardTests : IDisposable
{
    private static readonly TimeSpan BuildDeadline = TimeSpan.FromMinutes(4);
    private readonly string _work = RepoPaths.InRoot("artifacts", "api-guard-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public async Task APublicMemberMissingFromThePublicApiFiles_OrItsDocs_FailsTheBuild()
    {
        // "src/" in the path: the repository's props give projects there XML docs (and so CS1591).
        var project = Path.Combine(_work, "src", "OpenLive.Core");
        CopySources(RepoPaths.InRoot("src", "OpenLive.Core"), project);
        await File.WriteAllTextAsync(Path.Combine(project, "ApiProbe.cs"), """
            namespace OpenLive.Core;

            /// <summary>A public type the PublicAPI files do not list.</summary>
            public static class ApiProbe
            {
                public const int Undocumented = 1;
            }
            """);

        var (exit, output) = await ProcessRun.RunAsync(RepoPaths.Root, BuildDeadline, null,
            "build", Path.Combine(project, "OpenLive.Core.csproj"), "-c", "Debug", "-nologo", "-v", "quiet");

        Assert.NotEqual(0, exit);
        Assert.Contains("RS0016", output, StringComparison.Ordinal);
        Assert.Contains("OpenLive.Core.ApiProbe", output, StringComparison.Ordinal);
        Assert.Contains("CS1591", output, StringComparison.Ordinal);
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
