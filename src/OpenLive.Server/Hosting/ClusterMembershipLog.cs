using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Runtime;

namespace OpenLive.Server.Hosting;

/// <summary>
/// The cluster's nodes as this node sees them, each with the moment this node learned its current status — the admin
/// API's <c>/admin/v1/cluster</c>. A node's loss shows here when the membership protocol declares it dead: the
/// detection part of a failover, which the failover benchmark reads.
/// </summary>
internal sealed class ClusterMembershipLog(IClusterMembershipService membership, [FromKeyedServices(ServerClock.Key)] TimeProvider time) : BackgroundService
{
    private readonly Lock _gate = new();
    private readonly Dictionary<SiloAddress, ClusterNodeStatus> _nodes = [];

    /// <summary>Every node the membership table lists (the dead ones too, until Orleans removes them), by address.</summary>
    public IReadOnlyList<ClusterNodeStatus> Nodes()
    {
        Observe(membership.CurrentSnapshot);
        lock (_gate)
        {
            return [.. _nodes.Values.OrderBy(n => n.Address, StringComparer.Ordinal)];
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(stoppingToken))
            {
                Observe(snapshot);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    private void Observe(ClusterMembershipSnapshot snapshot)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            foreach (var member in snapshot.Members.Values)
            {
                var status = member.Status.ToString();
                if (!_nodes.TryGetValue(member.SiloAddress, out var known) || known.Status != status)
                {
                    _nodes[member.SiloAddress] = new ClusterNodeStatus(member.Name ?? string.Empty, member.SiloAddress.ToString(), status, now);
                }
            }

            // Every start of a node is a new silo address: keep only what the membership table still lists (Orleans
            // removes defunct entries), or this grows with every restart for the life of the node.
            foreach (var gone in _nodes.Keys.Where(address => !snapshot.Members.ContainsKey(address)).ToArray())
            {
                _nodes.Remove(gone);
            }
        }
    }
}

/// <summary>
/// One node of the cluster: <paramref name="Node"/> its id (as <c>/healthz</c> and room views give it),
/// <paramref name="Address"/> its silo address, <paramref name="Status"/> Orleans' status (Joining, Active, ShuttingDown,
/// Stopping, Dead) and <paramref name="Since"/> when the answering node learned that status.
/// </summary>
public sealed record ClusterNodeStatus(string Node, string Address, string Status, DateTimeOffset Since);
