namespace OpenLive.Architecture.Tests;

/// <summary>
/// A dependency a layer must not have, as it shows in a built assembly and in a project file. References count when
/// they come through another assembly of ours too (A → B → forbidden breaks A's rule); InternalsVisibleTo only where it
/// is granted.
/// </summary>
internal sealed class Forbidden
{
    private Forbidden(string description, Func<string, bool>? assembly, Func<ProjectFile, IEnumerable<string>>? project, string? friend)
    {
        Description = description;
        MatchesAssembly = assembly;
        InProject = project;
        Friend = friend;
    }

    /// <summary>Reads after "does not": "reference OpenLive.Server".</summary>
    public string Description { get; }

    /// <summary>Whether a referenced assembly's name is this dependency (null for InternalsVisibleTo).</summary>
    public Func<string, bool>? MatchesAssembly { get; }

    /// <summary>Where one project file asks for this dependency (applied to the project and every project it references).</summary>
    public Func<ProjectFile, IEnumerable<string>>? InProject { get; }

    /// <summary>For InternalsVisibleTo: the assembly that must not see the internals.</summary>
    public string? Friend { get; }

    /// <summary>The assembly of ours this names, which must exist for the rule to mean anything.</summary>
    public string? OurAssembly { get; private init; }

    /// <summary>An assembly of ours (built from <c>src/Name/Name.csproj</c>).</summary>
    public static Forbidden Reference(string assembly) => new(
        $"reference {assembly}",
        name => name == assembly,
        project => project.ProjectReferences.Where(p => Path.GetFileNameWithoutExtension(p) == assembly).Select(p => $"ProjectReference {Relative(p)}"),
        friend: null)
    { OurAssembly = assembly };

    /// <summary>Any assembly of ours: OpenLive.* (and the CLI, "openlive").</summary>
    public static Forbidden AnyOfOurs { get; } = new(
        "reference any OpenLive assembly",
        IsOurs,
        project => project.ProjectReferences.Select(p => $"ProjectReference {Relative(p)}"),
        friend: null);

    /// <summary>Any assembly of ours except <paramref name="allowed"/>.</summary>
    public static Forbidden AnyOfOursBut(params string[] allowed) => new(
        $"reference an OpenLive assembly other than {string.Join(", ", allowed)}",
        name => IsOurs(name) && !allowed.Contains(name, StringComparer.Ordinal),
        project => project.ProjectReferences.Where(p => !allowed.Contains(Path.GetFileNameWithoutExtension(p), StringComparer.Ordinal)).Select(p => $"ProjectReference {Relative(p)}"),
        friend: null);

    /// <summary>Orleans: its assemblies are Orleans.*, its packages Microsoft.Orleans.*.</summary>
    public static Forbidden Orleans { get; } = new(
        "reference Orleans",
        name => name.StartsWith("Orleans", StringComparison.Ordinal) || name.StartsWith("Microsoft.Orleans", StringComparison.Ordinal),
        project => project.PackageReferences.Where(p => p.StartsWith("Microsoft.Orleans", StringComparison.OrdinalIgnoreCase)).Select(p => $"PackageReference {p}"),
        friend: null);

    /// <summary>ASP.NET Core: its assemblies, its shared framework, the Web SDK, or its packages.</summary>
    public static Forbidden AspNetCore { get; } = new(
        "reference ASP.NET Core",
        name => name.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal),
        project => project.PackageReferences.Where(p => p.StartsWith("Microsoft.AspNetCore", StringComparison.OrdinalIgnoreCase)).Select(p => $"PackageReference {p}")
            .Concat(project.FrameworkReferences.Where(f => f.Equals("Microsoft.AspNetCore.App", StringComparison.OrdinalIgnoreCase)).Select(f => $"FrameworkReference {f}"))
            .Concat(project.Sdk.Equals("Microsoft.NET.Sdk.Web", StringComparison.OrdinalIgnoreCase) ? [$"Sdk {project.Sdk}"] : []),
        friend: null);

    /// <summary>A third-party library: its assembly, or its package.</summary>
    public static Forbidden Library(string assembly, string package) => new(
        $"reference {assembly}",
        name => name == assembly,
        project => project.PackageReferences.Where(p => p.Equals(package, StringComparison.OrdinalIgnoreCase)).Select(p => $"PackageReference {p}"),
        friend: null);

    /// <summary>Letting another assembly see this one's internals (a dependency the other way that no reference shows).</summary>
    public static Forbidden InternalsVisibleTo(string friend) => new($"grant InternalsVisibleTo {friend}", assembly: null, project: null, friend) { OurAssembly = friend };

    /// <summary>Assemblies built from this repository.</summary>
    public static bool IsOurs(string assemblyName) =>
        assemblyName.StartsWith("OpenLive.", StringComparison.Ordinal) || assemblyName == "openlive";

    private static string Relative(string path) => Path.GetRelativePath(Checkout.Root, path);
}
