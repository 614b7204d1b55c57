using Google.Protobuf;
using OpenLive.Core.Rooms;
using OpenLive.Protocol.V1;
using OpenLive.Server.Wire;
using Orleans.Concurrency;

namespace OpenLive.Server.Grains;

/// <summary>Members, snapshots and fan-out. Each event is serialized once and the same bytes go to every member.</summary>
internal sealed partial class RoomGrain
{
    // Members' sessions grouped by node, for fan-out; null after any change to membership, seats or sessions.
    private (INodeFanout Node, Immutable<Guid[]> Sessions)[]? _fanout;

    private Protocol.V1.RoomId WireRoomId() => RoomWire.RoomId(_name!);

    /// <summary>The room as <paramref name="self"/> sees it: everyone, itself, its role's video parameters.</summary>
    private RoomSnapshot Snapshot(RoomMember self) => new(_name!, _owner ?? string.Empty, Members(), self.ToInfo(), self.Video, Counts(), _mediaEpoch, self.KeyBits);

    private RoomMemberInfo[] Members() => [.. _members.Values.Select(member => member.ToInfo())];

    private byte[] MemberEventFrame(MemberEventId eventId, RoomMember member, MemberOutReason outReason = MemberOutReason.Unspecified)
    {
        var push = new MemberEvent { RoomId = WireRoomId(), EventId = (uint)eventId, OutReason = outReason };
        push.Members.Add(RoomWire.Member(member.ToInfo()));
        return new ServerFrame { MemberEvent = push }.ToByteArray();
    }

    private byte[] MemberUpdatedFrame(RoomMember member) =>
        new ServerFrame { MemberUpdated = new MemberUpdated { RoomId = WireRoomId(), Member = RoomWire.Member(member.ToInfo()) } }.ToByteArray();

    private void Broadcast(byte[] bytes, string? except) => Broadcast(bytes.AsImmutable(), except);

    /// <summary>
    /// One call per node carrying the frame, that node's session ids and the one session to skip (the sender). The
    /// per-node id arrays are built once per membership change, not per event.
    /// </summary>
    private void Broadcast(Immutable<byte[]> frame, string? except)
    {
        _fanout ??= BuildFanout();
        var skip = except is not null && _members.TryGetValue(except, out var sender) ? sender.SessionId : Guid.Empty;
        foreach (var (node, sessions) in _fanout)
        {
            node.Push(frame, sessions, skip);
        }
    }

    private (INodeFanout Node, Immutable<Guid[]> Sessions)[] BuildFanout()
    {
        var byNode = new Dictionary<INodeFanout, List<Guid>>();
        foreach (var member in _members.Values)
        {
            if (member.Parked)
            {
                continue;
            }

            if (!byNode.TryGetValue(member.Node, out var sessions))
            {
                byNode[member.Node] = sessions = [];
            }

            sessions.Add(member.SessionId);
        }

        return [.. byNode.Select(pair => (pair.Key, pair.Value.ToArray().AsImmutable()))];
    }

    /// <summary>Reports a room event to the app's webhook.</summary>
    private void Hook(string name, string? userId)
    {
        if (_name is null || !webhooks.Enabled)
        {
            return;
        }

        var app = GrainKeys.Split(this.GetPrimaryKeyString()).SdkAppId;
        var roomId = _name.Text ?? _name.Number.ToString(System.Globalization.CultureInfo.InvariantCulture);
        webhooks.Publish(new Webhooks.WebhookEvent(name, app, time.GetUtcNow().ToUnixTimeSeconds(), UserId: userId, RoomId: roomId, GroupId: _name.GroupId));
    }

    /// <summary>The room key starts with "{sdkAppId}/".</summary>
    private IAppDirectoryGrain Directory() => GrainFactory.GetGrain<IAppDirectoryGrain>(GrainKeys.Split(this.GetPrimaryKeyString()).SdkAppId);

    /// <summary>Takes <paramref name="userId"/> out of the room; the others get an OUT event saying <paramref name="reason"/>.</summary>
    private void RemoveMember(string userId, MemberOutReason reason)
    {
        if (_members.Remove(userId, out var member))
        {
            RemoveMedia(userId);
            StopMemberEgress(userId);
            _invitations.Remove(userId); // an invitation is to this stay in the room, not to a later one
            _fanout = null;
            Changed();
            Broadcast(MemberEventFrame(MemberEventId.Out, member, reason), except: null);
            CountsChanged();
            Hook("member.out", userId);
        }
    }

    /// <summary>Ends the room: every member but <paramref name="except"/> is told (iLiveSDK's onGroupDisband).</summary>
    private void Disband(string? except)
    {
        Hook("room.dismissed", _owner);
        var key = this.GetPrimaryKeyString();
        var disbanded = new RoomClosure(key, _name!, Reason: null);
        foreach (var member in _members.Values)
        {
            if (member.UserId != except && !member.Parked)
            {
                member.Session.RoomClosed(disbanded);
            }
        }

        CloseMedia();
        _members.Clear();
        _fanout = null;
        _name = null;
        _owner = null;
        Changed();
        ForgetModeration();
        ForgetCounts();
        Directory().RoomEnded(key);
        DeactivateOnIdle();
    }

    /// <summary>A member's state in the room.</summary>
    private sealed class RoomMember(RoomEntrant entrant, long joinedAtMs)
    {
        public string UserId { get; } = entrant.UserId;

        public ulong TinyId { get; } = entrant.TinyId;

        public Guid SessionId { get; set; } = entrant.SessionId;

        public ISessionObserver Session { get; set; } = entrant.Session;

        /// <summary>The node holding the member's connection: room events reach it in one call per node.</summary>
        public INodeFanout Node { get; set; } = entrant.Node;

        /// <summary>The member's connection dropped; its seat is kept for a resuming login and it gets no pushes.</summary>
        public bool Parked { get; set; }

        /// <summary>When a parked seat is released.</summary>
        public DateTimeOffset? ParkedUntil { get; set; }

        /// <summary>After a node's loss: the member's session has not yet shown it is alive (not persisted).</summary>
        public bool Unconfirmed { get; set; }

        public string Role { get; set; } = entrant.Role;

        public uint AuthBits { get; set; } = entrant.AuthBits;

        /// <summary>A presented privateMapKey's bits: the session's ceiling for role and authority changes.</summary>
        public uint? KeyBits { get; set; } = entrant.KeyBits;

        public RoomVideo Video { get; set; } = entrant.Video;

        public MediaFlags Media { get; } = entrant.Media;

        /// <summary>Media flags from the SFU (first packet / end of each track): iLiveSDK's HAS_/NO_ events.</summary>
#pragma warning disable CA1051 // Fields so the media partial can flip them by reference.
        public bool HasAudio;

        public bool HasCamera;

        public bool HasScreen;
#pragma warning restore CA1051

        /// <summary>While set and in the future, the member's room chat is refused.</summary>
        public DateTimeOffset? MutedUntil { get; set; }

        /// <summary>When the member's media connections were last started again (RestartMedia; not persisted).</summary>
        public DateTimeOffset? MediaRestartedAt { get; set; }

        /// <summary>
        /// The SEND_* bits this member may hold without anyone vouching for them: what it entered with (the owner's, or
        /// vouched for), or what the owner's accepted invitation gave it; a role without send bits clears them.
        /// </summary>
        public uint SendAllowance { get; set; }

        public RoomMemberInfo ToInfo() => new(UserId, TinyId, Role, AuthBits, joinedAtMs, HasAudio, HasCamera, HasScreen, MutedUntil, Media);

        public RoomMemberRecord ToRecord() =>
            new(UserId, TinyId, SessionId, Session, Node, Role, AuthBits, Video, Media, MutedUntil, SendAllowance, joinedAtMs, KeyBits, Parked ? ParkedUntil : null);

        /// <summary>A persisted member, as a new activation takes the room over (its media flags start clear: no media yet).</summary>
        public static RoomMember FromRecord(RoomMemberRecord saved) =>
            new(new RoomEntrant(saved.UserId, saved.TinyId, saved.SessionId, saved.Session, saved.Role, saved.AuthBits, saved.Video, saved.Media, saved.Node, KeyBits: saved.KeyBits), saved.JoinedAtMs)
            {
                MutedUntil = saved.MutedUntil,
                SendAllowance = saved.SendAllowance,
            };
    }
}
