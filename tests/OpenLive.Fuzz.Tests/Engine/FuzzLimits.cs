namespace OpenLive.Fuzz.Tests.Engine;

/// <summary>How long one input may take.</summary>
/// <param name="Hang">An input slower than this, and again on each repeat, counts as a hang (generous: the campaign runs niced on a shared machine).</param>
/// <param name="Abort">An input still running after this is a real hang: the process stops with the input printed.</param>
internal sealed record FuzzLimits(TimeSpan Hang, TimeSpan Abort)
{
    public static FuzzLimits Default { get; } = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));
}
