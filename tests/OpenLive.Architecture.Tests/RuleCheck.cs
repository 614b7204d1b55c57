namespace OpenLive.Architecture.Tests;

/// <summary>Finds what breaks a rule, in the built assemblies and in the project files: one line per finding.</summary>
internal static class RuleCheck
{
    public static IReadOnlyList<string> Evidence(LayerRule rule) => [.. InAssemblies(rule), .. InProjectFiles(rule)];

    /// <summary>The rule's assembly and every assembly of ours it reaches through references (those built beside the tests).</summary>
    public static IReadOnlyList<BuiltAssembly> WithOurReferences(string assembly)
    {
        var seen = new Dictionary<string, BuiltAssembly>(StringComparer.Ordinal) { [assembly] = BuiltAssembly.Read(Checkout.AssemblyFile(assembly)) };
        var pending = new Queue<BuiltAssembly>([seen[assembly]]);
        while (pending.TryDequeue(out var current))
        {
            foreach (var reference in current.References.Where(Forbidden.IsOurs).Where(r => !seen.ContainsKey(r)))
            {
                // A reference whose DLL is not here is reported by the rule itself, not followed.
                if (File.Exists(Checkout.AssemblyFile(reference)))
                {
                    seen[reference] = BuiltAssembly.Read(Checkout.AssemblyFile(reference));
                    pending.Enqueue(seen[reference]);
                }
            }
        }

        return [.. seen.Values];
    }

    private static IEnumerable<string> InAssemblies(LayerRule rule)
    {
        if (rule.Forbidden.Friend is { } friend)
        {
            return BuiltAssembly.Read(Checkout.AssemblyFile(rule.Assembly)).InternalsVisibleTo.Contains(friend)
                ? [$"{rule.Assembly}.dll: [assembly: InternalsVisibleTo(\"{friend}\")]"]
                : [];
        }

        var matches = rule.Forbidden.MatchesAssembly!;
        return WithOurReferences(rule.Assembly)
            .SelectMany(a => a.References.Where(r => r != rule.Assembly && matches(r))
                .Select(r => a.Name == rule.Assembly ? $"{a.Name}.dll references {r}" : $"{a.Name}.dll (referenced by {rule.Assembly}) references {r}"));
    }

    private static IEnumerable<string> InProjectFiles(LayerRule rule)
    {
        var project = ProjectFile.Read(Checkout.ProjectFile(rule.Assembly));
        if (rule.Forbidden.Friend is { } friend)
        {
            return project.InternalsVisibleTo.Contains(friend, StringComparer.Ordinal)
                ? [$"{Relative(project.Path)}: InternalsVisibleTo {friend}"]
                : [];
        }

        var inProject = rule.Forbidden.InProject!;
        return project.WithReferencedProjects().SelectMany(p => inProject(p).Select(finding => $"{Relative(p.Path)}: {finding}"));
    }

    private static string Relative(string path) => Path.GetRelativePath(Checkout.Root, path);
}
