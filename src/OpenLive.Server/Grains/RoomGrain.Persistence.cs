using Google.Protobuf;
using OpenLive.Protocol.V1;
using Orleans.Runtime;

namespace OpenLive.Server.Grains;

/// <summary>
/// The room outlives its node. Every change a member was answered for is written to grain storage before the answer
/// leaves (Redis in a cluster, memory on a single node: <see cref="RoomStorage"/>); when the node dies or drains, the
/// next call activates the room elsewhere from that record with its media epoch bumped, and every member is asked to
/// connect its media again (<see cref="MediaReset"/>).
///
/// Seats whose sessions were on a lost node must not stay forever: after any node leaves the cluster (seen here by
/// polling the membership, and by a fresh activation of a persisted room) every member must confirm its session within
/// the resume window. A session on a surviving node confirms at once (its node's <c>NodeLossWatcher</c> calls
/// <see cref="Confirm"/>); a client whose node died takes its seat back by resuming on another node; any request of the
/// member's session confirms it too. What is still unconfirmed at the deadline leaves (OUT, or the room ends for its owner).
/// </summary>
internal sealed partial class RoomGrain : IIncomingGrainCallFilter
{
    private static readonly TimeSpan MembershipPoll = TimeSpan.FromSeconds(1);

    private bool _changed;
    private uint _mediaEpoch;
    private DateTimeOffset _activatedAt; // when this node took the room (the admin API's nodeSince: failover's re-placement)
    private MembershipVersion _membershipSeen = MembershipVersion.MinValue;
    private int _deadSeen;
    private IGrainTimer? _membershipWatch;
    private IGrainTimer? _confirmDeadline;

    private long _reportedRooms;
    private long _reportedMembers;

    public async Task Invoke(IIncomingGrainCallContext context)
    {
        try
        {
            await context.Invoke();
            if (_changed)
            {
                await PersistAsync();
            }
        }
        finally
        {
            SyncLoad();
        }
    }

    /// <summary>Tells the node's load counters what this room adds now (placement reads them).</summary>
    private void SyncLoad(bool leaving = false)
    {
        long rooms = !leaving && _name is not null ? 1 : 0;
        long members = leaving ? 0 : _members.Count;
        nodeLoad.Add(rooms - _reportedRooms, members - _reportedMembers);
        _reportedRooms = rooms;
        _reportedMembers = members;
    }

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _activatedAt = time.GetUtcNow();
        _membershipSeen = membership.CurrentSnapshot.Version;
        _deadSeen = DeadNodes(membership.CurrentSnapshot);
        if (record.State.Name is { IsCall: false } && record.RecordExists)
        {
            Restore(record.State);
            await PersistAsync();
            SyncLoad();
        }

        await base.OnActivateAsync(cancellationToken);
    }

    /// <summary>The member's session is alive (its node still holds it): nothing else changes. 10006 when it is not a member.</summary>
    public Task<RoomResult> Confirm(string userId, Guid sessionId) =>
        Task.FromResult(IsMember(userId, sessionId, out _) ? RoomResult.Ok : (RoomResult)NotInRoom());

    /// <summary>Marks the room changed: the change is written before the current call's answer leaves.</summary>
    private void Changed() => _changed = true;

    /// <summary>Writes the room (or clears it when it has ended). Call rooms end with their call grain and are not kept.</summary>
    private async Task PersistAsync()
    {
        _changed = false;
        if (_name is null || _name.IsCall)
        {
            if (record.RecordExists)
            {
                await record.ClearStateAsync();
            }

            return;
        }

        var state = record.State;
        state.Name = _name;
        state.Owner = _owner;
        state.Members = [.. _members.Values.Select(m => m.ToRecord())];
        state.Invitations = new Dictionary<string, DateTimeOffset>(_invitations, StringComparer.Ordinal);
        state.Removed = [.. _removed];
        state.Mutes = new Dictionary<string, DateTimeOffset>(_mutes, StringComparer.Ordinal);
        state.Likes = _likes;
        state.MediaEpoch = _mediaEpoch;
        await record.WriteStateAsync();
        StartMembershipWatch();
    }

    /// <summary>
    /// Takes over a room another activation held: its members and moderation come back; media-only members (WHIP/WHEP)
    /// leave, since their connections were on the lost node and no SDK reconnects them; every other member must confirm.
    /// </summary>
    private void Restore(RoomRecord saved)
    {
        _name = saved.Name;
        _owner = saved.Owner;
        _mediaEpoch = saved.MediaEpoch + 1;
        _likes = saved.Likes;
        foreach (var (userId, until) in saved.Invitations)
        {
            _invitations[userId] = until;
        }

        _removed.UnionWith(saved.Removed);
        foreach (var (userId, until) in saved.Mutes)
        {
            _mutes[userId] = until;
        }

        foreach (var seat in saved.Members.Where(m => !m.Media.MediaOnly))
        {
            var member = RoomMember.FromRecord(seat);
            _members[seat.UserId] = member;
            if (seat.ParkedUntil is { } until)
            {
                ParkUntil(member, until); // its timer was on the lost node
            }
        }

        _fanout = null;
        DelayDeactivation(KeepAlive);
        if (_owner is null || !_members.ContainsKey(_owner))
        {
            _changed = true; // an owner who was media-only (WHIP) is gone: the room is too
            Disband(except: null);
            return;
        }

        Changed();
        RequireConfirmation();
        Broadcast(new ServerFrame { MediaReset = new MediaReset { RoomId = WireRoomId(), MediaEpoch = _mediaEpoch } }.ToByteArray(), except: null);
    }

    /// <summary>Polls the cluster's membership while the room exists: a node that left may have held members' sessions.</summary>
    private void StartMembershipWatch()
    {
        _membershipWatch ??= this.RegisterGrainTimer(
            static (grain, _) =>
            {
                grain.CheckMembership();
                return Task.CompletedTask;
            },
            this,
            MembershipPoll,
            MembershipPoll);
    }

    private void CheckMembership()
    {
        if (_name is null)
        {
            _membershipWatch?.Dispose();
            _membershipWatch = null;
            return;
        }

        var snapshot = membership.CurrentSnapshot;
        if (snapshot.Version == _membershipSeen)
        {
            return;
        }

        _membershipSeen = snapshot.Version;
        var dead = DeadNodes(snapshot);
        if (dead > _deadSeen)
        {
            RequireConfirmation();
        }

        _deadSeen = dead;
    }

    /// <summary>Nodes the membership table lists as dead (entries stay for days, so a rise means a new loss).</summary>
    private static int DeadNodes(ClusterMembershipSnapshot snapshot) => snapshot.Members.Values.Count(m => m.Status == SiloStatus.Dead);

    /// <summary>Every connected member must confirm its session within the resume window; parked seats keep their own timers.</summary>
    private void RequireConfirmation()
    {
        foreach (var member in _members.Values)
        {
            member.Unconfirmed = !member.Parked;
        }

        _confirmDeadline?.Dispose();
        _confirmDeadline = this.RegisterGrainTimer(
            static (grain, _) => grain.DropUnconfirmed(),
            this,
            serverOptions.Value.ResumeWindow,
            Timeout.InfiniteTimeSpan);
    }

    private async Task DropUnconfirmed()
    {
        _confirmDeadline?.Dispose();
        _confirmDeadline = null;
        foreach (var member in _members.Values.Where(m => m.Unconfirmed).ToArray())
        {
            if (_name is null)
            {
                break;
            }

            await SessionEnded(member.UserId, member.SessionId);
        }

        if (_changed)
        {
            await PersistAsync();
        }

        SyncLoad();
    }
}
