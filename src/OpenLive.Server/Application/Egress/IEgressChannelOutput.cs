namespace OpenLive.Server.Application.Egress;

/// <summary>
/// One output of an egress channel (a recording here; live HLS and RTMP push are the live outputs'): a channel is a
/// list of them, started together and stopped together, and it ends when all have ended.
/// </summary>
internal interface IEgressChannelOutput
{
    /// <summary>Which output this is.</summary>
    EgressOutputs Kind { get; }

    /// <summary>Completes when the output has ended (files finalized, processes stopped).</summary>
    Task Completion { get; }

    /// <summary>Asks the output to end; never blocks (the ending happens behind).</summary>
    void Stop(string reason);
}
