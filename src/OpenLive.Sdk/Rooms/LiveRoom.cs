using OpenLive.Core.Errors;
using OpenLive.Core.Rooms;
using OpenLive.Protocol.V1;

namespace OpenLive.Sdk.Rooms;

/// <summary>
/// The room a <see cref="LiveClient"/> is in. Its member list follows the server's events. Once the client has left
/// (quit, switched, dismissed, disconnected), every call fails with 1201 (AV_ERR_ROOM_NOT_EXIST).
/// </summary>
public sealed partial class LiveRoom
{
    private readonly LiveClient _client;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, LiveMember> _members = new(StringComparer.Ordinal);
    private int _pendingChange; // 0 none, 1 role, 2 authority
    private volatile bool _ended;

    internal LiveRoom(LiveClient client, RoomState state)
    {
        _client = client;
        Id = LiveRoomId.FromWire(state.RoomId);
        GroupId = state.GroupId;
        OwnerUserId = state.OwnerUserId;
        Apply(state);
        StartMediaEpoch(state.MediaEpoch);
    }

    /// <summary>The room id.</summary>
    public LiveRoomId Id { get; }

    /// <summary>The room's IM group id.</summary>
    public string GroupId { get; }

    /// <summary>The user who created the room.</summary>
    public string OwnerUserId { get; }

    /// <summary>This client as a member (role, granted bits).</summary>
    public LiveMember Self { get; private set; } = null!;

    /// <summary>The video parameters of this client's role.</summary>
    public (uint Width, uint Height, uint Fps, uint MaxBitrateKbps) Video { get; private set; }

    /// <summary>True until the client leaves the room.</summary>
    public bool IsEntered => !_ended;

    /// <summary>The members, as of the last event.</summary>
    public IReadOnlyList<LiveMember> Members
    {
        get
        {
            lock (_gate)
            {
                return [.. _members.Values];
            }
        }
    }

    /// <summary>Member events with iLiveSDK's ids (1 IN, 2 OUT; 3–10 from the media plane).</summary>
    public event EventHandler<MemberEventArgs>? MemberEvent;

    /// <summary>A message to the room's group arrived.</summary>
    public event EventHandler<Im.MessageReceivedEventArgs>? MessageReceived;

    /// <summary>Sends a stored message to the room's group.</summary>
    public Task<Im.SentMessage> SendMessageAsync(Im.LiveMessage message, CancellationToken cancellationToken = default)
    {
        EnsureEntered();
        return _client.SendGroupMessageAsync(message, cancellationToken);
    }

    /// <summary>History of the room's group, newest first.</summary>
    public Task<IReadOnlyList<Im.ReceivedMessage>> GetMessagesAsync(int count = 20, ulong beforeSeq = 0, CancellationToken cancellationToken = default) =>
        _client.GetMessagesAsync(Im.ConversationRef.InGroup(GroupId), count, beforeSeq, cancellationToken);

    internal void OnMessage(Im.MessageReceivedEventArgs received)
    {
        _client.RaiseFor(MessageReceived, this, received);
        RaiseCommand(received.Message);
    }

    /// <summary>A member's role or auth bits changed.</summary>
    public event EventHandler<MemberUpdatedEventArgs>? MemberUpdated;

    /// <summary>The client is no longer in the room (dismissed by the owner, or disconnected).</summary>
    public event EventHandler<RoomEndedEventArgs>? Ended;

    /// <summary>
    /// Changes this member's role (and with it auth bits and video parameters). A member who is not the room's owner
    /// gets send bits this way only within what a privateMapKey or the owner's accepted co-host invitation gave it.
    /// </summary>
    /// <exception cref="LiveException">10002 unknown role; 8024 already that role; 10003 send bits nobody vouched for; 1001/1002 another change is pending; 1201 not in the room.</exception>
    public async Task ChangeRoleAsync(string controlRole, CancellationToken cancellationToken = default)
    {
        if (controlRole is null)
        {
            throw new LiveException(ILiveErrorCode.NullPointer, "controlRole is null");
        }

        if (controlRole.Length == 0)
        {
            throw new LiveException(ILiveErrorCode.InvalidParam, "controlRole is empty");
        }

        await ChangeAsync(1, new ClientFrame { ChangeRole = new ChangeRole { ControlRole = controlRole } }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Changes this member's auth bits, within what its role or privateMapKey grants (a new privateMapKey may widen that).</summary>
    public Task ChangeAuthorityAsync(AuthBits authBits, string? privateMapKey = null, CancellationToken cancellationToken = default) =>
        ChangeAsync(2, new ClientFrame { ChangeAuthority = new ChangeAuthority { AuthBits = (ulong)authBits, PrivateMapKey = privateMapKey ?? string.Empty } }, cancellationToken);

    /// <summary>Fetches the member list from the server.</summary>
    public async Task<IReadOnlyList<LiveMember>> GetMembersAsync(CancellationToken cancellationToken = default)
    {
        EnsureEntered();
        var reply = await _client.RoomRequestAsync(new ClientFrame { GetMembers = new GetMembers() }, cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            return ReplaceMembers(reply.Members.Members);
        }
    }

    /// <summary>One member, fresh from the server.</summary>
    /// <exception cref="LiveException">10010 when no such user is in the room.</exception>
    public async Task<LiveMember> GetMemberAsync(string userId, CancellationToken cancellationToken = default)
    {
        if (userId is null)
        {
            throw new LiveException(ILiveErrorCode.NullPointer, "userId is null");
        }

        EnsureEntered();
        var request = new GetMembers();
        request.UserIds.Add(userId);
        var reply = await _client.RoomRequestAsync(new ClientFrame { GetMembers = request }, cancellationToken).ConfigureAwait(false);
        return new LiveMember(reply.Members.Members[0]);
    }

    /// <summary>Leaves the room; the owner leaving dismisses it for everyone.</summary>
    public Task QuitAsync(CancellationToken cancellationToken = default)
    {
        EnsureEntered();
        return _client.QuitRoomAsync(cancellationToken);
    }

    /// <summary>Dismisses the room (owner only: 10003 otherwise); members get <see cref="Ended"/> with <c>Dismissed</c>.</summary>
    public async Task DismissAsync(CancellationToken cancellationToken = default)
    {
        EnsureEntered();
        await _client.DismissRoomAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task ChangeAsync(int kind, ClientFrame request, CancellationToken cancellationToken)
    {
        EnsureEntered();
        var running = Interlocked.CompareExchange(ref _pendingChange, kind, 0);
        if (running != 0)
        {
            throw running == kind
                ? new LiveException(AVErrorCode.RepeatedOperation, "the same change is already in progress")
                : new LiveException(AVErrorCode.ExclusiveOperation, "another role or authority change is in progress");
        }

        try
        {
            var reply = await _client.RoomRequestAsync(request, cancellationToken).ConfigureAwait(false);
            Apply(reply.Room);
        }
        finally
        {
            Volatile.Write(ref _pendingChange, 0);
        }
    }

    internal void EnsureEntered()
    {
        if (_ended)
        {
            throw new LiveException(AVErrorCode.RoomNotExist, $"no longer in room {Id}");
        }
    }

    internal void Apply(RoomState state)
    {
        lock (_gate)
        {
            Self = new LiveMember(state.Self);
            Video = (state.Video?.Width ?? 0, state.Video?.Height ?? 0, state.Video?.Fps ?? 0, state.Video?.MaxBitrateKbps ?? 0);
            ReplaceMembers(state.Members);
        }

        ApplyCounters(state.Counters);
    }

    /// <summary>The member list becomes the server's (called under the gate).</summary>
    private List<LiveMember> ReplaceMembers(Google.Protobuf.Collections.RepeatedField<Member> wires)
    {
        var members = new List<LiveMember>(wires.Count);
        _members.Clear();
        foreach (var wire in wires)
        {
            var member = new LiveMember(wire);
            _members[member.UserId] = member;
            members.Add(member);
        }

        return members;
    }

    /// <summary>After a resume: adopt the server's state and report who came and went while the client was away.</summary>
    internal void Refresh(RoomState state)
    {
        HashSet<string> before;
        lock (_gate)
        {
            before = [.. _members.Keys];
        }

        var countersBefore = Counters;
        Apply(state);
        OnMediaReset(state.MediaEpoch); // the room's media moved while the client was away: connect again (nothing when it did not)
        if (Counters != countersBefore)
        {
            // What changed while away, as one change (the likes in between have no liker to name).
            var added = Counters.Likes > countersBefore.Likes ? (uint)Math.Min(Counters.Likes - countersBefore.Likes, uint.MaxValue) : 0;
            _client.RaiseFor(CountersChanged, this, new CountersChangedEventArgs(Counters, added, string.Empty));
        }

        var arrived = new List<LiveMember>();
        var departed = new List<LiveMember>();
        lock (_gate)
        {
            arrived.AddRange(_members.Values.Where(m => !before.Contains(m.UserId)));
            before.ExceptWith(_members.Keys);
        }

        foreach (var userId in before)
        {
            departed.Add(new LiveMember(new Member { UserId = userId }));
        }

        if (arrived.Count > 0)
        {
            _client.RaiseFor(MemberEvent, this, new MemberEventArgs(MemberEventId.In, arrived));
        }

        if (departed.Count > 0)
        {
            _client.RaiseFor(MemberEvent, this, new MemberEventArgs(MemberEventId.Out, departed));
        }
    }

    internal void OnMemberEvent(Protocol.V1.MemberEvent push)
    {
        var members = new List<LiveMember>(push.Members.Count);
        lock (_gate)
        {
            foreach (var wire in push.Members)
            {
                var member = new LiveMember(wire);
                members.Add(member);
                if ((MemberEventId)push.EventId == MemberEventId.Out)
                {
                    _members.Remove(member.UserId);
                }
                else
                {
                    _members[member.UserId] = member;
                }
            }
        }

        var outReason = (MemberEventId)push.EventId == MemberEventId.Out && push.OutReason is >= Protocol.V1.MemberOutReason.Left and <= Protocol.V1.MemberOutReason.Dropped
            ? (MemberOutReason?)(MemberOutReason)push.OutReason
            : null;
        _client.RaiseFor(MemberEvent, this, new MemberEventArgs((MemberEventId)push.EventId, members, outReason));
    }

    internal void OnMemberUpdated(Protocol.V1.MemberUpdated push)
    {
        var member = new LiveMember(push.Member);
        lock (_gate)
        {
            _members[member.UserId] = member;
        }

        _client.RaiseFor(MemberUpdated, this, new MemberUpdatedEventArgs(member));
    }

    /// <summary>Marks the room left; raises <see cref="Ended"/> unless the client left on purpose.</summary>
    internal void End(RoomEndedEventArgs? reason)
    {
        if (_ended)
        {
            return;
        }

        _ended = true;
        CloseMedia();
        if (reason is not null)
        {
            _client.RaiseFor(Ended, this, reason);
            _client.OnRoomEnded(this, reason);
        }
    }
}
