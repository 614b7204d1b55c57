namespace OpenLive.Architecture.Tests;

/// <summary>One rule: <see cref="Assembly"/> does not have the <see cref="Forbidden"/> dependency.</summary>
internal sealed record LayerRule(string Assembly, Forbidden Forbidden)
{
    /// <summary>How the rule reads, in test names and in <see cref="ArchitectureRules.KnownViolations"/>.</summary>
    public string Id => $"{Assembly} does not {Forbidden.Description}";

    public override string ToString() => Id;
}
