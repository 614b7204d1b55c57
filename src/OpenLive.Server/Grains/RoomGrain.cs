using Microsoft.Extensions.DependencyInjection;
using OpenLive.Server.Hosting;
using OpenLive.Core.Errors;
using OpenLive.Core.Rooms;
using Orleans.Concurrency;

namespace OpenLive.Server.Grains;

/// <summary>
/// One room of one app (key from <c>RoomKeys</c>), seen through its role interfaces: membership, messaging, the live
/// show, media, administration and the SFU's callbacks. One grain, so that every change to the room runs in one turn
/// at a time; partial files per role.
/// </summary>
[Hosting.Placement.LoadBasedPlacement]
internal sealed partial class RoomGrain(
    [FromKeyedServices(ServerClock.Key)] TimeProvider time,
    Webhooks.IWebhooks webhooks,
    Sfu.SfuEngine sfu,
    Microsoft.Extensions.Options.IOptions<Application.Egress.EgressPolicyOptions> egressPolicy,
    [PersistentState("room", RoomStorage.Name)] IPersistentState<RoomRecord> record,
    Microsoft.Extensions.Options.IOptions<ServerOptions> serverOptions,
    IClusterMembershipService membership,
    NodeIdentity node,
    Hosting.Placement.NodeLoad nodeLoad,
    Application.Egress.IEgressHost? egress = null) // none registered: egress answers 8023 (not available on this server)
    : Grain, IRoomMembership, IRoomMessaging, IRoomLiveShow, IRoomMedia, IRoomAdministration, IRoomMediaCallbacks, IRoomEgress
{
    private static readonly TimeSpan KeepAlive = TimeSpan.FromDays(365);

    // How long an activation without a room stays after answering 10009 (see Missing).
    private static readonly TimeSpan MissingGrace = TimeSpan.FromSeconds(2);

    private readonly Dictionary<string, RoomMember> _members = new(StringComparer.Ordinal);
    private RoomName? _name;
    private string? _owner;
    private IGrainTimer? _missingSweep;

    public Task<RoomResult<RoomSnapshot>> Create(RoomName name, RoomEntrant owner)
    {
        if (_name is not null)
        {
            return Task.FromResult<RoomResult<RoomSnapshot>>(RoomError.Of(ILiveErrorCode.AlreadyExist, $"room {_name.Describe()} already exists"));
        }

        _name = name;
        _owner = owner.UserId;
        _members.Clear();
        ForgetModeration();
        ForgetCounts();
        var member = new RoomMember(owner, time.GetUtcNow().ToUnixTimeMilliseconds()) { SendAllowance = owner.AuthBits & SendBits };
        _members[owner.UserId] = member;
        _fanout = null;
        _mediaEpoch = 0;
        Changed();
        DelayDeactivation(KeepAlive);
        Directory().RoomOpened(this.GetPrimaryKeyString(), name);
        Hook("room.created", owner.UserId);
        return Task.FromResult<RoomResult<RoomSnapshot>>(Snapshot(member));
    }

    public Task<RoomResult<RoomSnapshot>> Join(RoomEntrant entrant)
    {
        if (_name is null)
        {
            return Task.FromResult<RoomResult<RoomSnapshot>>(Missing());
        }

        _members.TryGetValue(entrant.UserId, out var existing);
        if (existing?.SessionId == entrant.SessionId)
        {
            return Task.FromResult<RoomResult<RoomSnapshot>>(RoomError.Of(AVErrorCode.HasInTheState, $"already in room {_name.Describe()}"));
        }

        if (EntryRefusal(entrant, existing) is { } refused)
        {
            return Task.FromResult<RoomResult<RoomSnapshot>>(refused);
        }

        if (existing is not null)
        {
            // The same user from a new session (it logged in again elsewhere): the new session takes the seat, and the
            // old session's media connections go with the old session.
            _members.Remove(entrant.UserId);
            RemoveMedia(entrant.UserId);
        }

        var member = new RoomMember(entrant, time.GetUtcNow().ToUnixTimeMilliseconds())
        {
            SendAllowance = entrant.AuthBits & SendBits,
            MutedUntil = MuteOf(entrant.UserId),
        };
        _members[entrant.UserId] = member;
        _fanout = null;
        Changed();
        SyncMedia(member);
        if (existing is null)
        {
            Broadcast(MemberEventFrame(MemberEventId.In, member), except: entrant.UserId);
            CountsChanged();
            Hook("member.in", entrant.UserId);
        }

        return Task.FromResult<RoomResult<RoomSnapshot>>(Snapshot(member));
    }

    public Task<RoomResult> Quit(string userId, Guid sessionId)
    {
        if (!IsMember(userId, sessionId, out _))
        {
            return Task.FromResult<RoomResult>(NotInRoom());
        }

        if (userId == _owner && !_name!.IsCall)
        {
            Disband(except: userId);
        }
        else
        {
            // A call's room goes on while its call does: the call grain ends it.
            RemoveMember(userId, Protocol.V1.MemberOutReason.Left);
        }

        return Task.FromResult<RoomResult>(RoomResult.Ok);
    }

    public Task<RoomResult> Dismiss(string userId, Guid sessionId)
    {
        if (!IsMember(userId, sessionId, out _))
        {
            return Task.FromResult<RoomResult>(NotInRoom());
        }

        if (userId != _owner || _name!.IsCall)
        {
            return Task.FromResult<RoomResult>(RoomError.Of(AVErrorCode.ServerNoPermission, _name!.IsCall ? "a call's room ends with the call: hang up instead" : "only the room's creator can dismiss it"));
        }

        Disband(except: userId);
        return Task.FromResult<RoomResult>(RoomResult.Ok);
    }

    public Task<RoomResult<RoomSnapshot>> ChangeRole(string userId, Guid sessionId, string role, uint authBits, RoomVideo video, bool sendBitsVouched)
    {
        if (!IsMember(userId, sessionId, out var member))
        {
            return Task.FromResult<RoomResult<RoomSnapshot>>(NotInRoom());
        }

        if (member.Role == role && member.AuthBits == authBits)
        {
            return Task.FromResult<RoomResult<RoomSnapshot>>(RoomError.Of(ILiveErrorCode.AlreadyState, $"already in role \"{role}\""));
        }

        if (SendRefusal(member, authBits, sendBitsVouched, $"role \"{role}\"") is { } refused)
        {
            return Task.FromResult<RoomResult<RoomSnapshot>>(refused);
        }

        if ((authBits & SendBits) == 0)
        {
            member.SendAllowance = 0; // stepping down (iLiveSDK's downToNormalMember) ends a co-host's promotion
        }

        member.Role = role;
        member.AuthBits = authBits;
        member.Video = video;
        Changed();
        SyncMedia(member);
        Broadcast(MemberUpdatedFrame(member), except: userId);
        return Task.FromResult<RoomResult<RoomSnapshot>>(Snapshot(member));
    }

    public Task<RoomResult<RoomSnapshot>> ChangeAuthority(string userId, Guid sessionId, uint authBits, bool sendBitsVouched, uint? keyBits)
    {
        if (!IsMember(userId, sessionId, out var member))
        {
            return Task.FromResult<RoomResult<RoomSnapshot>>(NotInRoom());
        }

        if (member.AuthBits == authBits)
        {
            return Task.FromResult<RoomResult<RoomSnapshot>>(RoomError.Of(ILiveErrorCode.AlreadyState, $"the auth bits are already 0x{authBits:X2}"));
        }

        if (SendRefusal(member, authBits, sendBitsVouched, $"auth bits 0x{authBits:X2}") is { } refused)
        {
            return Task.FromResult<RoomResult<RoomSnapshot>>(refused);
        }

        member.AuthBits = authBits;
        member.KeyBits = keyBits;
        Changed();
        SyncMedia(member);
        Broadcast(MemberUpdatedFrame(member), except: userId);
        return Task.FromResult<RoomResult<RoomSnapshot>>(Snapshot(member));
    }

    public Task<RoomResult<RoomMemberInfo[]>> GetMembers(string userId, string[] only)
    {
        if (_name is null)
        {
            return Task.FromResult<RoomResult<RoomMemberInfo[]>>(Missing());
        }

        if (!_members.ContainsKey(userId))
        {
            return Task.FromResult<RoomResult<RoomMemberInfo[]>>(NotInRoom());
        }

        if (only.Length == 0)
        {
            return Task.FromResult<RoomResult<RoomMemberInfo[]>>(Members());
        }

        var list = new RoomMemberInfo[only.Length];
        for (var i = 0; i < only.Length; i++)
        {
            if (!_members.TryGetValue(only[i], out var member))
            {
                return Task.FromResult<RoomResult<RoomMemberInfo[]>>(NoSuchMember(only[i]));
            }

            list[i] = member.ToInfo();
        }

        return Task.FromResult<RoomResult<RoomMemberInfo[]>>(list);
    }

    public Task Park(string userId, Guid sessionId, DateTimeOffset until)
    {
        if (IsMember(userId, sessionId, out var member))
        {
            ParkUntil(member, until);
            Changed();
        }

        return Task.CompletedTask;
    }

    /// <summary>Keeps the member's seat for a resuming login until <paramref name="until"/>, then releases it.</summary>
    private void ParkUntil(RoomMember member, DateTimeOffset until)
    {
        member.Parked = true;
        member.ParkedUntil = until;
        _fanout = null;
        var due = until - time.GetUtcNow();
        this.RegisterGrainTimer(
            static (state, _) => state.Grain.ReleaseParked(state.UserId, state.SessionId),
            (Grain: this, member.UserId, member.SessionId),
            due < TimeSpan.Zero ? TimeSpan.Zero : due,
            Timeout.InfiniteTimeSpan);
    }

    public Task<RoomResult<RoomSnapshot>> ResumeSeat(string userId, Guid oldSessionId, Guid newSessionId, ISessionObserver session, INodeFanout node)
    {
        if (!IsMember(userId, oldSessionId, out var member))
        {
            return Task.FromResult<RoomResult<RoomSnapshot>>(RoomError.Of(AVErrorCode.ServerIdNotInRoom, "the room no longer keeps this member's seat"));
        }

        member.SessionId = newSessionId;
        member.Session = session;
        member.Node = node;
        member.Parked = false;
        member.ParkedUntil = null;
        _fanout = null;
        Changed();
        _media?.ResendSubscriberOffer(userId); // one may have been lost with the old connection
        return Task.FromResult<RoomResult<RoomSnapshot>>(Snapshot(member));
    }

    public Task<RoomResult> PublishMessage(string senderUserId, Guid sessionId, Immutable<byte[]> frame)
    {
        if (!IsMember(senderUserId, sessionId, out _))
        {
            return Task.FromResult<RoomResult>(NotInRoom());
        }

        Broadcast(frame, except: senderUserId);
        return Task.FromResult<RoomResult>(RoomResult.Ok);
    }

    public Task<RoomResult<RoomSnapshot>> AdminState()
    {
        if (_name is null)
        {
            return Task.FromResult<RoomResult<RoomSnapshot>>(Missing());
        }

        return Task.FromResult<RoomResult<RoomSnapshot>>(new RoomSnapshot(_name, _owner ?? string.Empty, Members(), Self: null, Video: null, Counts(), _mediaEpoch, Node: node.Id, NodeSince: _activatedAt));
    }

    public Task<RoomResult> AdminDismiss()
    {
        if (_name is null)
        {
            return Task.FromResult<RoomResult>(Missing());
        }

        Disband(except: null);
        return Task.FromResult<RoomResult>(RoomResult.Ok);
    }

    public Task<RoomResult> PublishSystemMessage(Immutable<byte[]> frame)
    {
        if (_name is null)
        {
            return Task.FromResult<RoomResult>(Missing());
        }

        Broadcast(frame, except: null);
        return Task.FromResult<RoomResult>(RoomResult.Ok);
    }

    private async Task ReleaseParked(string userId, Guid sessionId)
    {
        if (_members.TryGetValue(userId, out var member) && member.SessionId == sessionId && member.Parked)
        {
            await SessionEnded(userId, sessionId);
            if (_changed)
            {
                await PersistAsync(); // a timer's turn: no call filter writes it
            }

            SyncLoad();
        }
    }

    public Task SessionEnded(string userId, Guid sessionId)
    {
        if (IsMember(userId, sessionId, out _))
        {
            if (_name!.IsCall)
            {
                // Its connection is gone for good (the resume window passed, or the session ended): the call decides
                // what that means for the others (end code 6).
                RemoveMember(userId, Protocol.V1.MemberOutReason.Dropped);
                GrainFactory.GetGrain<ICallGrain>(CallRooms.CallKeyOfRoom(this.GetPrimaryKeyString())!).ParticipantDropped(userId);
            }
            else if (userId == _owner)
            {
                Disband(except: userId);
            }
            else
            {
                RemoveMember(userId, Protocol.V1.MemberOutReason.Dropped);
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// The activation ends (idle collection, node shutdown, a failed turn): its SFU room goes with it, so no media room
    /// is left on the node without a grain to drive it. A later activation starts with no room, as after a node failure.
    /// </summary>
    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        SyncLoad(leaving: true);
        CloseMedia();
        return base.OnDeactivateAsync(reason, cancellationToken);
    }

    /// <summary>
    /// Whether <paramref name="sessionId"/> holds <paramref name="userId"/>'s seat. A request from that session also
    /// proves it alive after a node's loss (<see cref="RequireConfirmation"/>).
    /// </summary>
    private bool IsMember(string userId, Guid sessionId, [NotNullWhen(true)] out RoomMember? member)
    {
        if (_name is not null & _members.TryGetValue(userId, out member) && member!.SessionId == sessionId)
        {
            member.Unconfirmed = false;
            return true;
        }

        return false;
    }

    /// <summary>The caller is not (or no longer) a member: 10006.</summary>
    private RoomError NotInRoom() => RoomError.Of(AVErrorCode.ServerIdNotInRoom, _name is null ? "the room does not exist" : $"not a member of room {_name.Describe()}");

    /// <summary>A named target is not a member: 10010.</summary>
    private RoomError NoSuchMember(string userId) => RoomError.Of(AVErrorCode.ServerEndpointNotExist, $"\"{userId}\" is not a member of room {_name!.Describe()}");

    /// <summary>
    /// The room does not exist (this activation holds no room): 10009, and the activation goes away after
    /// <see cref="MissingGrace"/> unless the room is created meanwhile. Not at once: requests queued behind this one
    /// (members asking for a room about to be created, as <c>openlive load</c>'s do) were each forwarded to a new
    /// activation that deactivated again, and Orleans rejects a message after two forwards — a create or a join failed
    /// with 10001 instead of succeeding or being 10009. The grace still bounds what probing absent room ids can keep.
    /// </summary>
    private RoomError Missing()
    {
        _missingSweep ??= this.RegisterGrainTimer(
            static (grain, _) => grain.SweepIfMissing(),
            this,
            MissingGrace,
            Timeout.InfiniteTimeSpan);
        return RoomError.Of(AVErrorCode.ServerRoomNotExist, "the room does not exist");
    }

    private Task SweepIfMissing()
    {
        _missingSweep?.Dispose();
        _missingSweep = null;
        if (_name is null)
        {
            DeactivateOnIdle();
        }

        return Task.CompletedTask;
    }
}
