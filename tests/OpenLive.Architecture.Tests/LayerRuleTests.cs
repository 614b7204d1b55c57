namespace OpenLive.Architecture.Tests;

/// <summary>The layer rules hold (but for the known violations, which must still be violations), and none is vacuous.</summary>
public sealed class LayerRuleTests
{
    public static TheoryData<string> EnforcedRules => [.. ArchitectureRules.Rules.Select(r => r.Id).Where(id => !ArchitectureRules.KnownViolations.Contains(id))];

    public static TheoryData<string> KnownViolations => [.. ArchitectureRules.KnownViolations];

    public static TheoryData<string> RuleAssemblies => [.. ArchitectureRules.Rules.Select(r => r.Assembly).Distinct()];

    public static TheoryData<string> NamedAssemblies => [.. ArchitectureRules.Rules.Select(r => r.Forbidden.OurAssembly).OfType<string>().Distinct()];


    [Theory]
    [MemberData(nameof(EnforcedRules))]
    public void Rule_Holds(string id)
    {
        var evidence = RuleCheck.Evidence(Rule(id));
        Assert.True(evidence.Count == 0, $"Layer rule broken: {id}:{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", evidence)}");
    }

    [Theory]
    [MemberData(nameof(KnownViolations))]
    public void KnownViolation_IsStillAViolation(string id)
    {
        Assert.True(
            RuleCheck.Evidence(Rule(id)).Count > 0,
            $"\"{id}\" holds now: remove it from ArchitectureRules.KnownViolations (issue 11), so that it stays enforced.");
    }

    [Fact]
    public void KnownViolations_AreRules()
    {
        var ids = ArchitectureRules.Rules.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        Assert.All(ArchitectureRules.KnownViolations, id => Assert.Contains(id, ids));
    }

    [Theory]
    [MemberData(nameof(RuleAssemblies))]
    public void RuleAssembly_IsBuiltAndHasItsProject(string assembly)
    {
        // A renamed or removed assembly would make its rules pass on nothing.
        Assert.True(File.Exists(Checkout.ProjectFile(assembly)), $"no {Checkout.ProjectFile(assembly)}: rename the rules of {assembly} with it");
        Assert.True(File.Exists(Checkout.AssemblyFile(assembly)), $"no {assembly}.dll beside the tests: reference src/{assembly} from OpenLive.Architecture.Tests.csproj");
        Assert.Equal(assembly, BuiltAssembly.Read(Checkout.AssemblyFile(assembly)).Name);
    }

    [Theory]
    [MemberData(nameof(NamedAssemblies))]
    public void ForbiddenAssembly_Exists(string assembly)
    {
        // "Does not reference OpenLive.Server" says nothing once the server is called something else.
        Assert.True(File.Exists(Checkout.ProjectFile(assembly)), $"no {Checkout.ProjectFile(assembly)}: the rules naming {assembly} must follow its new name");
    }

    [Fact]
    public void Checker_FindsABreach_InAssemblyAndProject()
    {
        // The SDK does reference Core: the same check that passes the rules above must see that, on both sides.
        var evidence = RuleCheck.Evidence(new LayerRule("OpenLive.Sdk", Forbidden.Reference("OpenLive.Core")));
        Assert.Contains("OpenLive.Sdk.dll references OpenLive.Core", evidence);
        Assert.Contains(evidence, e => e.StartsWith("src/OpenLive.Sdk/OpenLive.Sdk.csproj: ProjectReference", StringComparison.Ordinal));
        // And through another assembly of ours: something the SDK reaches only through one of its references.
        var reached = RuleCheck.WithOurReferences("OpenLive.Sdk");
        var (via, library) = reached.Skip(1)
            .SelectMany(a => a.References.Select(r => (Via: a.Name, Library: r)))
            .First(x => !Forbidden.IsOurs(x.Library) && !reached[0].References.Contains(x.Library));
        var transitive = RuleCheck.Evidence(new LayerRule("OpenLive.Sdk", Forbidden.Library(library, library)));
        Assert.Contains($"{via}.dll (referenced by OpenLive.Sdk) references {library}", transitive);
    }

    [Fact]
    public void Checker_SeesOrleansAndAspNetCore_InTheServerProject()
    {
        // The server's DLL is not built for these tests; its project file shows what the Orleans and ASP.NET Core checks look for.
        var server = ProjectFile.Read(Checkout.ProjectFile("OpenLive.Server"));
        Assert.Contains("PackageReference Microsoft.Orleans.Server", Forbidden.Orleans.InProject!(server));
        Assert.Contains("Sdk Microsoft.NET.Sdk.Web", Forbidden.AspNetCore.InProject!(server));
        Assert.True(Forbidden.Orleans.MatchesAssembly!("Orleans.Core"));
        Assert.True(Forbidden.AspNetCore.MatchesAssembly!("Microsoft.AspNetCore.Http.Abstractions"));
    }

    private static LayerRule Rule(string id) => ArchitectureRules.Rules.Single(r => r.Id == id);
}
