using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenLive.Server.Grains;
using Orleans.Runtime;

namespace OpenLive.Server.Edges.Signaling;

/// <summary>
/// When another node of the cluster is declared dead, this node tells the room of each of its sessions that the
/// session is alive (<see cref="IRoomMembership.Confirm"/>). That keeps their seats through the rooms' confirmation
/// round, and it is the call that activates, on a surviving node, a room whose node was the one lost: the room comes
/// back from storage and asks its members to connect their media again. A room that does not answer yet (its grain's
/// directory entry still points to the dead node for a moment) is asked again, until it answers or the session leaves it.
/// </summary>
internal sealed partial class NodeLossWatcher(IClusterMembershipService membership, NodeFanout sessions, IGrainFactory grains, ILogger<NodeLossWatcher> logger)
    : BackgroundService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        HashSet<SiloAddress>? dead = null; // the first snapshot lists nodes dead before this one started: no news
        try
        {
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(stoppingToken))
            {
                var listed = snapshot.Members.Values.Where(m => m.Status == SiloStatus.Dead).Select(m => m.SiloAddress).ToArray();
                if (dead is null)
                {
                    dead = [.. listed];
                    continue;
                }

                var newlyDead = listed.Where(dead.Add).ToArray();
                if (newlyDead.Length > 0)
                {
                    LogNodeLost(logger, string.Join(", ", newlyDead.Select(address => address.ToString())));
                    _ = ConfirmSessionsAsync(stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    private async Task ConfirmSessionsAsync(CancellationToken stoppingToken)
    {
        var pending = sessions.Sessions()
            .Select(session => (Session: session.State, Login: session.State.Login, Room: session.State.Room))
            .Where(entry => entry.Login is not null && entry.Room is not null)
            .ToList();
        var started = TimeProvider.System.GetTimestamp(); // an operational bound, not product time
        while (pending.Count > 0 && TimeProvider.System.GetElapsedTime(started) < GiveUpAfter && !stoppingToken.IsCancellationRequested)
        {
            var answers = await Task.WhenAll(pending.Select(async entry =>
            {
                if (entry.Session.Room?.Key != entry.Room!.Key)
                {
                    return true; // it left that room meanwhile
                }

                try
                {
                    await grains.GetGrain<IRoomMembership>(entry.Room.Key).Confirm(entry.Login!.UserId, entry.Session.Id).ConfigureAwait(false);
                    return true;
                }
                catch (Exception e) when (e is OrleansException or TimeoutException)
                {
                    return false;
                }
            })).ConfigureAwait(false);
            pending = [.. pending.Where((_, index) => !answers[index])];
            if (pending.Count > 0)
            {
                try
                {
                    await Task.Delay(RetryDelay, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return; // the node is stopping: its sessions are leaving anyway
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cluster node(s) {Nodes} declared dead: confirming this node's sessions to their rooms")]
    private static partial void LogNodeLost(ILogger logger, string nodes);
}
