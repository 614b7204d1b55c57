namespace OpenLive.Server.Application.Egress;

/// <summary>A running channel: what was asked, what it answered, and its outputs (it ends when they all have).</summary>
internal sealed class EgressChannel(EgressInfo info, IReadOnlyList<IEgressChannelOutput> outputs)
{
    public EgressInfo Info { get; } = info;

    public IReadOnlyList<IEgressChannelOutput> Outputs { get; } = outputs;

    public ulong Id => Info.ChannelId;

    public EgressRequest Request => Info.Request;

    /// <summary>Completes when every output has ended.</summary>
    public Task Completion => Task.WhenAll(Outputs.Select(o => o.Completion));

    public void Stop(string reason)
    {
        foreach (var output in Outputs)
        {
            output.Stop(reason);
        }
    }
}
