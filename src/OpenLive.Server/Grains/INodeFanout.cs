using Orleans.Concurrency;

namespace OpenLive.Server.Grains;

/// <summary>
/// One per node: delivers one serialized frame to many of the node's sessions. A room event to 1,000 members on one
/// node is one call, not 1,000 observer calls.
/// </summary>
[Alias("OpenLive.INodeFanout")]
public interface INodeFanout : IGrainObserver
{
    /// <summary>Queues <paramref name="frame"/> on each listed session of this node but <paramref name="except"/> (unknown ids are skipped).</summary>
    [OneWay]
    [Alias("Push")]
    Task Push(Immutable<byte[]> frame, Immutable<Guid[]> sessionIds, Guid except);
}
