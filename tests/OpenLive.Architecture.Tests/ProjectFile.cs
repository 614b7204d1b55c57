using System.Xml.Linq;

namespace OpenLive.Architecture.Tests;

/// <summary>
/// What a project file asks for, read as written: its SDK and its project, package and framework references and
/// InternalsVisibleTo items. (Directory.Build.props adds only test packages to test projects, so nothing it adds matters
/// here; the built assemblies are checked as well, for whatever a project file hides.)
/// </summary>
internal sealed class ProjectFile
{
    private ProjectFile(string path, XDocument xml)
    {
        Path = path;
        Name = System.IO.Path.GetFileNameWithoutExtension(path);
        Sdk = xml.Root?.Attribute("Sdk")?.Value ?? string.Empty;
        ProjectReferences = [.. Items(xml, "ProjectReference").Select(include => System.IO.Path.GetFullPath(System.IO.Path.Combine(System.IO.Path.GetDirectoryName(path)!, include.Replace('\\', '/'))))];
        PackageReferences = [.. Items(xml, "PackageReference")];
        FrameworkReferences = [.. Items(xml, "FrameworkReference")];
        InternalsVisibleTo = [.. Items(xml, "InternalsVisibleTo")];
    }

    public string Path { get; }

    /// <summary>The project's name (its file name), which is also its assembly name for every project a rule is about.</summary>
    public string Name { get; }

    public string Sdk { get; }

    /// <summary>Full paths of the referenced project files.</summary>
    public IReadOnlyList<string> ProjectReferences { get; }

    public IReadOnlyList<string> PackageReferences { get; }

    public IReadOnlyList<string> FrameworkReferences { get; }

    public IReadOnlyList<string> InternalsVisibleTo { get; }

    public static ProjectFile Read(string path) => new(path, XDocument.Load(path));

    /// <summary>This project and every project it references, directly or not.</summary>
    public IReadOnlyList<ProjectFile> WithReferencedProjects()
    {
        var seen = new Dictionary<string, ProjectFile>(StringComparer.Ordinal) { [Path] = this };
        var pending = new Queue<ProjectFile>([this]);
        while (pending.TryDequeue(out var project))
        {
            foreach (var reference in project.ProjectReferences.Where(r => !seen.ContainsKey(r)))
            {
                var read = Read(reference);
                seen[reference] = read;
                pending.Enqueue(read);
            }
        }

        return [.. seen.Values];
    }

    private static IEnumerable<string> Items(XDocument xml, string item) =>
        xml.Descendants(item).Select(e => e.Attribute("Include")?.Value).OfType<string>();
}
