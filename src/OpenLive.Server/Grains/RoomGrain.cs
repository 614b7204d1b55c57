using Google.Protobuf;
using Microsoft.Extensions.DependencyInjection;
using OpenLive.Server.Hosting;
using OpenLive.Core.Errors;
using OpenLive.Core.Rooms;
using OpenLive.Protocol.V1;

namespace OpenLive.Server.Grains;

/// <inheritdoc cref="IRoomGrain"/>
internal sealed partial class RoomGrain([FromKeyedServices(ServerClock.Key)] TimeProvider time, Webhooks.IWebhooks webhooks, Sfu.SfuEngine sfu) : Grain, IRoomGrain
{
    private static readonly TimeSpan KeepAlive = TimeSpan.FromDays(365);

    private readonly Dictionary<string, RoomMember> _members = new(StringComparer.Ordinal);
    private RoomName? _name;
    private string? _owner;

    public Task<RoomResult> Create(RoomName name, RoomEntrant owner)
    {
        if (_name is not null)
        {
            return Task.FromResult(RoomResult.Fail(ILiveErrorCode.AlreadyExist, $"room {_name.Describe()} already exists"));
        }

        _name = name;
        _owner = owner.UserId;
        _members.Clear();
        var member = new RoomMember(owner, time.GetUtcNow().ToUnixTimeMilliseconds());
        _members[owner.UserId] = member;
        _fanout = null;
        DelayDeactivation(KeepAlive);
        Directory().RoomOpened(this.GetPrimaryKeyString(), name);
        Hook("room.created", owner.UserId);
        return Task.FromResult(RoomResult.Ok(Snapshot(member).ToByteArray()));
    }

    public Task<RoomResult> Join(RoomEntrant entrant)
    {
        if (_name is null)
        {
            return Task.FromResult(Missing());
        }

        if (_members.TryGetValue(entrant.UserId, out var existing))
        {
            if (existing.SessionId == entrant.SessionId)
            {
                return Task.FromResult(RoomResult.Fail(AVErrorCode.HasInTheState, $"already in room {_name.Describe()}"));
            }

            // The same user from a new session (it logged in again elsewhere): the new session takes the seat, and the
            // old session's media connections go with the old session.
            _members.Remove(entrant.UserId);
            RemoveMedia(entrant.UserId);
        }

        var member = new RoomMember(entrant, time.GetUtcNow().ToUnixTimeMilliseconds());
        _members[entrant.UserId] = member;
        _fanout = null;
        SyncMedia(member);
        if (existing is null)
        {
            Broadcast(MemberEventFrame(MemberEventId.In, member), except: entrant.UserId);
            Hook("member.in", entrant.UserId);
        }

        return Task.FromResult(RoomResult.Ok(Snapshot(member).ToByteArray()));
    }

    public Task<RoomResult> Quit(string userId, Guid sessionId)
    {
        if (!IsMember(userId, sessionId, out _))
        {
            return Task.FromResult(NotInRoom());
        }

        if (userId == _owner)
        {
            Disband(except: userId);
        }
        else
        {
            RemoveMember(userId);
        }

        return Task.FromResult(RoomResult.Ok());
    }

    public Task<RoomResult> Dismiss(string userId, Guid sessionId)
    {
        if (!IsMember(userId, sessionId, out _))
        {
            return Task.FromResult(NotInRoom());
        }

        if (userId != _owner)
        {
            return Task.FromResult(RoomResult.Fail(AVErrorCode.ServerNoPermission, "only the room's creator can dismiss it"));
        }

        Disband(except: userId);
        return Task.FromResult(RoomResult.Ok());
    }

    public Task<RoomResult> ChangeRole(string userId, Guid sessionId, string role, uint authBits, RoomVideo video)
    {
        if (!IsMember(userId, sessionId, out var member))
        {
            return Task.FromResult(NotInRoom());
        }

        if (member.Role == role && member.AuthBits == authBits)
        {
            return Task.FromResult(RoomResult.Fail(ILiveErrorCode.AlreadyState, $"already in role \"{role}\""));
        }

        member.Role = role;
        member.AuthBits = authBits;
        member.Video = video;
        SyncMedia(member);
        Broadcast(MemberUpdatedFrame(member), except: userId);
        return Task.FromResult(RoomResult.Ok(Snapshot(member).ToByteArray()));
    }

    public Task<RoomResult> ChangeAuthority(string userId, Guid sessionId, uint authBits)
    {
        if (!IsMember(userId, sessionId, out var member))
        {
            return Task.FromResult(NotInRoom());
        }

        if (member.AuthBits == authBits)
        {
            return Task.FromResult(RoomResult.Fail(ILiveErrorCode.AlreadyState, $"the auth bits are already 0x{authBits:X2}"));
        }

        member.AuthBits = authBits;
        SyncMedia(member);
        Broadcast(MemberUpdatedFrame(member), except: userId);
        return Task.FromResult(RoomResult.Ok(Snapshot(member).ToByteArray()));
    }

    public Task<RoomResult> GetMembers(string userId, string[] only)
    {
        if (_name is null)
        {
            return Task.FromResult(Missing());
        }

        if (!_members.ContainsKey(userId))
        {
            return Task.FromResult(NotInRoom());
        }

        var list = new MemberList();
        if (only.Length == 0)
        {
            foreach (var member in _members.Values)
            {
                list.Members.Add(member.ToWire());
            }
        }

        foreach (var wanted in only)
        {
            if (!_members.TryGetValue(wanted, out var member))
            {
                return Task.FromResult(NoSuchMember(wanted));
            }

            list.Members.Add(member.ToWire());
        }

        return Task.FromResult(RoomResult.Ok(list.ToByteArray()));
    }

    public Task Park(string userId, Guid sessionId, DateTimeOffset until)
    {
        if (IsMember(userId, sessionId, out var member))
        {
            member.Parked = true;
            _fanout = null;
            var due = until - time.GetUtcNow();
            this.RegisterGrainTimer(
                static (state, _) => state.Grain.ReleaseParked(state.UserId, state.SessionId),
                (Grain: this, UserId: userId, SessionId: sessionId),
                due < TimeSpan.Zero ? TimeSpan.Zero : due,
                Timeout.InfiniteTimeSpan);
        }

        return Task.CompletedTask;
    }

    public Task<RoomResult> ResumeSeat(string userId, Guid oldSessionId, Guid newSessionId, ISessionObserver session, INodeFanout node)
    {
        if (!IsMember(userId, oldSessionId, out var member))
        {
            return Task.FromResult(RoomResult.Fail(AVErrorCode.ServerIdNotInRoom, "the room no longer keeps this member's seat"));
        }

        member.SessionId = newSessionId;
        member.Session = session;
        member.Node = node;
        member.Parked = false;
        _fanout = null;
        _media?.ResendSubscriberOffer(userId); // one may have been lost with the old connection
        return Task.FromResult(RoomResult.Ok(Snapshot(member).ToByteArray()));
    }

    public Task<RoomResult> PublishMessage(string senderUserId, Guid sessionId, Orleans.Concurrency.Immutable<byte[]> frame)
    {
        if (!IsMember(senderUserId, sessionId, out _))
        {
            return Task.FromResult(NotInRoom());
        }

        Broadcast(frame, except: senderUserId);
        return Task.FromResult(RoomResult.Ok());
    }

    public Task<RoomResult> AdminState()
    {
        if (_name is null)
        {
            return Task.FromResult(Missing());
        }

        var state = new RoomState { RoomId = WireRoomId(), GroupId = _name.GroupId, OwnerUserId = _owner ?? string.Empty };
        foreach (var member in _members.Values)
        {
            state.Members.Add(member.ToWire());
        }

        return Task.FromResult(RoomResult.Ok(state.ToByteArray()));
    }

    public Task<RoomResult> AdminDismiss()
    {
        if (_name is null)
        {
            return Task.FromResult(Missing());
        }

        Disband(except: null);
        return Task.FromResult(RoomResult.Ok());
    }

    public Task<RoomResult> PublishSystemMessage(Orleans.Concurrency.Immutable<byte[]> frame)
    {
        if (_name is null)
        {
            return Task.FromResult(Missing());
        }

        Broadcast(frame, except: null);
        return Task.FromResult(RoomResult.Ok());
    }

    private Task ReleaseParked(string userId, Guid sessionId)
    {
        if (IsMember(userId, sessionId, out var member) && member.Parked)
        {
            return SessionEnded(userId, sessionId);
        }

        return Task.CompletedTask;
    }

    public Task SessionEnded(string userId, Guid sessionId)
    {
        if (IsMember(userId, sessionId, out _))
        {
            if (userId == _owner)
            {
                Disband(except: userId);
            }
            else
            {
                RemoveMember(userId);
            }
        }

        return Task.CompletedTask;
    }

    private bool IsMember(string userId, Guid sessionId, [NotNullWhen(true)] out RoomMember? member) =>
        _name is not null & _members.TryGetValue(userId, out member) && member!.SessionId == sessionId;

    /// <summary>The caller is not (or no longer) a member: 10006.</summary>
    private RoomResult NotInRoom() => RoomResult.Fail(AVErrorCode.ServerIdNotInRoom, _name is null ? "the room does not exist" : $"not a member of room {_name.Describe()}");

    /// <summary>A named target is not a member: 10010.</summary>
    private RoomResult NoSuchMember(string userId) => RoomResult.Fail(AVErrorCode.ServerEndpointNotExist, $"\"{userId}\" is not a member of room {_name!.Describe()}");

    /// <summary>The room does not exist (this activation holds no room): 10009, and the activation goes away.</summary>
    private RoomResult Missing()
    {
        DeactivateOnIdle();
        return RoomResult.Fail(AVErrorCode.ServerRoomNotExist, "the room does not exist");
    }
}
