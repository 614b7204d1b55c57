using OpenLive.Testing;

namespace OpenLive.Packaging.Tests;

/// <summary>
/// Reproducible packages (docs/packages-dotnet.md, Versions): the same commit built twice, in two different folders, as
/// CI builds it (CI=true: Deterministic plus ContinuousIntegrationBuild, so source paths are /_/…), gives byte-identical
/// assemblies and PDBs. Two of the packaged libraries are built: OpenLive.Core (hand-written) and OpenLive.Protocol
/// (protoc's output). Each copy is a git repository of its own with one commit made at a fixed time by a fixed author,
/// so both have the same commit id, and so the same version and informational version, as two clones of one commit.
/// </summary>
public sealed class DeterminismTests : IDisposable
{
    private static readonly TimeSpan BuildDeadline = TimeSpan.FromMinutes(4);
    private static readonly string[] Projects = ["OpenLive.Core", "OpenLive.Protocol"];
    private readonly string _work = Path.Combine(Path.GetTempPath(), "openlive-determinism-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public async Task ALibrary_BuiltTwiceFromOneCommit_InTwoFolders_IsByteForByteTheSame()
    {
        var first = await BuildCopyAsync("first");
        var second = await BuildCopyAsync("second-in-another-folder");

        foreach (var project in Projects)
        {
            foreach (var extension in new[] { ".dll", ".pdb" })
            {
                var name = project + extension;
                var a = await File.ReadAllBytesAsync(Path.Combine(first, "src", project, "bin", "Release", "net10.0", name));
                var b = await File.ReadAllBytesAsync(Path.Combine(second, "src", project, "bin", "Release", "net10.0", name));
                Assert.True(a.AsSpan().SequenceEqual(b), $"{name} differs between two builds of the same commit ({a.Length} and {b.Length} bytes)");
            }
        }
    }

    /// <summary>The build settings, the two projects and the schema, committed, then built as CI does.</summary>
    private async Task<string> BuildCopyAsync(string name)
    {
        var root = Path.Combine(_work, name);
        foreach (var file in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props", "global.json", ".editorconfig", ".gitignore" })
        {
            CopyFile(RepoPaths.InRoot(file), Path.Combine(root, file));
        }

        foreach (var folder in new[] { "build", "protocol" }.Concat(Projects.Select(p => Path.Combine("src", p))))
        {
            CopyDirectory(RepoPaths.InRoot(folder), Path.Combine(root, folder));
        }

        // A fixed author and time: the commit id, and so MinVer's version and the informational version, match.
        var identity = new Dictionary<string, string>
        {
            ["GIT_AUTHOR_NAME"] = "OpenLive test", ["GIT_AUTHOR_EMAIL"] = "test@openlive.invalid", ["GIT_AUTHOR_DATE"] = "2026-01-01T00:00:00Z",
            ["GIT_COMMITTER_NAME"] = "OpenLive test", ["GIT_COMMITTER_EMAIL"] = "test@openlive.invalid", ["GIT_COMMITTER_DATE"] = "2026-01-01T00:00:00Z",
        };
        foreach (var git in new[] { new[] { "init", "-q", "-b", "main" }, ["add", "-A"], ["commit", "-q", "--no-gpg-sign", "-m", "one commit"] })
        {
            var (exit, output) = await ProcessRun.RunProgramAsync("git", root, BuildDeadline, identity, git);
            Assert.True(exit == 0, $"git {string.Join(' ', git)} failed ({exit}):{Environment.NewLine}{output}");
        }

        // Both projects in one build (one restore, one MSBuild start-up): a solution of the two, written after the commit
        // as a build script outside the sources would be.
        var solution = Path.Combine(root, "determinism.slnx");
        await File.WriteAllTextAsync(solution, "<Solution>" + string.Concat(Projects.Select(p => $"<Project Path=\"src/{p}/{p}.csproj\" />")) + "</Solution>");
        var (built, buildOutput) = await ProcessRun.RunAsync(root, BuildDeadline, new Dictionary<string, string> { ["CI"] = "true" },
            "build", solution, "-c", "Release", "-nologo", "-v", "quiet", "-clp:ErrorsOnly");
        Assert.True(built == 0, $"the copy in {root} did not build ({built}):{Environment.NewLine}{buildOutput}");
        return root;
    }

    private static void CopyFile(string from, string to)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(to)!);
        File.Copy(from, to);
    }

    /// <summary>A folder's files without build output.</summary>
    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, file);
            var parts = relative.Split(Path.DirectorySeparatorChar);
            if (parts.Any(part => part is "bin" or "obj"))
            {
                continue;
            }

            CopyFile(file, Path.Combine(to, relative));
        }
    }
}
