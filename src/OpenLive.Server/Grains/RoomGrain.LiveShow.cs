using Google.Protobuf;
using OpenLive.Core.Errors;
using OpenLive.Core.Rooms;
using OpenLive.Protocol.V1;
using OpenLive.Server.Im;
using Orleans.Concurrency;

namespace OpenLive.Server.Grains;

/// <summary>
/// The live-show layer (iLiveSDK's TILLiveManager): co-host invitations owned by the room, kicks and chat mutes, and
/// who may send. Invitations and answers reach clients as iLiveSDK live commands in online C2C messages the server marks
/// as its own. Kicks and mutes are kept per user id for the room's lifetime, so leaving and entering again (from any
/// session) does not undo them; without a privateMapKey or the app's self-promotion setting, a member who is not the
/// owner gets send bits only by accepting the owner's invitation (LiveKit's canPublish granted by the server, never
/// chosen by the client).
/// </summary>
internal sealed partial class RoomGrain
{
    /// <summary>The most users one room remembers as removed, and as muted: an owner cannot grow the room without bound.</summary>
    internal const int MaxRemembered = 10_000;

    private const uint SendBits = (uint)(AuthBits.SendAudio | AuthBits.SendCameraVideo | AuthBits.SendScreenVideo);

    private readonly Dictionary<string, DateTimeOffset> _invitations = new(StringComparer.Ordinal);
    private IGrainTimer? _invitationExpiry;
    private DateTimeOffset _invitationExpiryAt;

    // Users the owner removed, and chat mutes by user id: both for the room's lifetime, whether the user is in or not.
    private readonly HashSet<string> _removed = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _mutes = new(StringComparer.Ordinal);

    public Task<RoomResult> AuthorizeMessage(string senderUserId, Guid sessionId)
    {
        if (!IsMember(senderUserId, sessionId, out var member))
        {
            return Task.FromResult<RoomResult>(NotInRoom());
        }

        return Task.FromResult<RoomResult>(member.MutedUntil is { } until && until > time.GetUtcNow()
            ? RoomError.Of(AVErrorCode.ServerNoPermission, $"the room's owner muted you until {until:u}")
            : RoomResult.Ok);
    }

    public Task<RoomResult> InviteCoHost(string ownerUserId, Guid sessionId, string inviteeUserId, DateTimeOffset until)
    {
        if (OwnerCheck(ownerUserId, sessionId) is { } refused)
        {
            return Task.FromResult<RoomResult>(refused);
        }

        if (inviteeUserId == ownerUserId || !_members.TryGetValue(inviteeUserId, out var invitee) || invitee.Parked)
        {
            return Task.FromResult<RoomResult>(RoomError.Of(AVErrorCode.InviteFailed, $"\"{inviteeUserId}\" is not a connected member of the room and cannot be invited"));
        }

        _invitations[inviteeUserId] = until;
        Changed();
        ScheduleInvitationExpiry(until);
        invitee.Session.Deliver(Command(ownerUserId, LiveCommandIds.Invite, ownerUserId));
        return Task.FromResult<RoomResult>(RoomResult.Ok);
    }

    /// <summary>
    /// One timer for the earliest open invitation's end: when it fires, every invitation whose time ran out is closed and
    /// both sides are told (<see cref="LiveCommandIds.InviteExpired"/>), so neither side's app waits on an answer that
    /// can no longer come.
    /// </summary>
    private void ScheduleInvitationExpiry(DateTimeOffset until)
    {
        if (_invitationExpiry is not null && until >= _invitationExpiryAt)
        {
            return;
        }

        _invitationExpiry?.Dispose();
        _invitationExpiryAt = until;
        _invitationExpiry = this.RegisterGrainTimer(
            static (grain, _) =>
            {
                grain.ExpireInvitations();
                return Task.CompletedTask;
            },
            this,
            Max(until - time.GetUtcNow(), TimeSpan.Zero),
            Timeout.InfiniteTimeSpan);
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private void ExpireInvitations()
    {
        _invitationExpiry?.Dispose();
        _invitationExpiry = null;
        var now = time.GetUtcNow();
        var expired = _invitations.Where(entry => entry.Value <= now).Select(entry => entry.Key).ToArray();
        foreach (var inviteeUserId in expired)
        {
            _invitations.Remove(inviteeUserId);
            Changed();
            if (_members.TryGetValue(inviteeUserId, out var invitee) && !invitee.Parked && _owner is { } ownerId)
            {
                invitee.Session.Deliver(Command(ownerId, LiveCommandIds.InviteExpired, ownerId));
            }

            if (_owner is { } owner && _members.TryGetValue(owner, out var host) && !host.Parked)
            {
                host.Session.Deliver(Command(inviteeUserId, LiveCommandIds.InviteExpired, inviteeUserId));
            }
        }

        if (_invitations.Count > 0)
        {
            ScheduleInvitationExpiry(_invitations.Values.Min());
        }
    }

    public Task<RoomResult> CancelCoHostInvite(string ownerUserId, Guid sessionId, string inviteeUserId)
    {
        if (OwnerCheck(ownerUserId, sessionId) is { } refused)
        {
            return Task.FromResult<RoomResult>(refused);
        }

        if (_invitations.Remove(inviteeUserId))
        {
            Changed();
        }
        else
        {
            return Task.FromResult<RoomResult>(RoomError.Of(ILiveErrorCode.NotFound, $"no open invitation for \"{inviteeUserId}\""));
        }

        if (_members.TryGetValue(inviteeUserId, out var invitee) && !invitee.Parked)
        {
            invitee.Session.Deliver(Command(ownerUserId, LiveCommandIds.InviteCancel, ownerUserId));
        }

        return Task.FromResult<RoomResult>(RoomResult.Ok);
    }

    public Task<RoomResult<RoomSnapshot>> AnswerCoHostInvite(string userId, Guid sessionId, bool accept, string role, uint authBits, RoomVideo video)
    {
        if (!IsMember(userId, sessionId, out var member))
        {
            return Task.FromResult<RoomResult<RoomSnapshot>>(NotInRoom());
        }

        var open = _invitations.Remove(userId, out var until) && until >= time.GetUtcNow();
        Changed();
        if (!open)
        {
            return Task.FromResult<RoomResult<RoomSnapshot>>(accept
                ? RoomError.Of(AVErrorCode.AcceptFailed, "there is no open invitation to accept (cancelled or expired)")
                : RoomError.Of(AVErrorCode.RefuseFailed, "there is no open invitation to refuse (cancelled or expired)"));
        }

        if (accept)
        {
            member.Role = role;
            member.AuthBits = authBits;
            member.SendAllowance = authBits & SendBits; // the owner's invitation is what gives a member send bits
            SyncMedia(member);
            member.Video = video;
            Broadcast(MemberUpdatedFrame(member), except: userId);
        }

        if (_owner is { } owner && _members.TryGetValue(owner, out var host) && !host.Parked)
        {
            host.Session.Deliver(Command(userId, accept ? LiveCommandIds.Agree : LiveCommandIds.Reject, userId));
        }

        return Task.FromResult<RoomResult<RoomSnapshot>>(Snapshot(member));
    }

    public Task<RoomResult> KickMember(string ownerUserId, Guid sessionId, string targetUserId, string reason)
    {
        if (OwnerCheck(ownerUserId, sessionId) is { } refused)
        {
            return Task.FromResult<RoomResult>(refused);
        }

        if (targetUserId == ownerUserId)
        {
            return Task.FromResult<RoomResult>(RoomError.Of(ILiveErrorCode.InvalidParam, "the owner cannot kick itself; dismiss the room instead"));
        }

        if (!_members.TryGetValue(targetUserId, out var target))
        {
            return Task.FromResult<RoomResult>(NoSuchMember(targetUserId));
        }

        if (_removed.Count >= MaxRemembered)
        {
            return Task.FromResult<RoomResult>(RoomError.Of(AVErrorCode.ServerFailed, $"room {_name!.Describe()} already keeps {MaxRemembered} removed users out; dismiss it and open a new one"));
        }

        _removed.Add(targetUserId);
        Changed();
        var why = RoomError.Of(
            AVErrorCode.ServerIdNotInRoom,
            string.IsNullOrEmpty(reason) ? "the room's owner removed you from the room" : $"the room's owner removed you from the room: {reason}");
        if (!target.Parked)
        {
            target.Session.RoomClosed(new RoomClosure(this.GetPrimaryKeyString(), _name!, why));
        }

        RemoveMember(targetUserId, MemberOutReason.Kicked);
        return Task.FromResult<RoomResult>(RoomResult.Ok);
    }

    public Task<RoomResult> MuteMember(string ownerUserId, Guid sessionId, string targetUserId, DateTimeOffset? until)
    {
        if (OwnerCheck(ownerUserId, sessionId) is { } refused)
        {
            return Task.FromResult<RoomResult>(refused);
        }

        if (!_members.TryGetValue(targetUserId, out var target))
        {
            return Task.FromResult<RoomResult>(NoSuchMember(targetUserId));
        }

        if (until is { } end)
        {
            if (_mutes.Count >= MaxRemembered && !_mutes.ContainsKey(targetUserId) && !ForgetEndedMutes())
            {
                return Task.FromResult<RoomResult>(RoomError.Of(AVErrorCode.ServerFailed, $"room {_name!.Describe()} already keeps {MaxRemembered} users muted"));
            }

            _mutes[targetUserId] = end;
        }
        else
        {
            _mutes.Remove(targetUserId);
        }

        target.MutedUntil = until;
        Changed();
        Broadcast(MemberUpdatedFrame(target), except: null);
        return Task.FromResult<RoomResult>(RoomResult.Ok);
    }

    /// <summary>
    /// Why <paramref name="entrant"/> may not enter, or null: a user the owner removed (10003 for the room's lifetime), or
    /// send bits nobody vouched for, asked by a user who is not the owner (10003; a new session of a seated co-host keeps
    /// what the owner gave the seat).
    /// </summary>
    private RoomError? EntryRefusal(RoomEntrant entrant, RoomMember? seat)
    {
        if (_removed.Contains(entrant.UserId))
        {
            return RoomError.Of(AVErrorCode.ServerNoPermission, $"the room's owner removed you from room {_name!.Describe()}; you cannot enter it again while it lasts");
        }

        var unvouched = entrant.AuthBits & SendBits & ~(seat?.SendAllowance ?? 0);
        return entrant.SendBitsVouched || entrant.UserId == _owner || unvouched == 0
            ? null
            : NotGivenSendBits(entrant.UserId, $"role \"{entrant.Role}\"", unvouched);
    }

    /// <summary>Why <paramref name="member"/> may not take <paramref name="authBits"/>, or null (see <see cref="EntryRefusal"/>).</summary>
    private RoomError? SendRefusal(RoomMember member, uint authBits, bool sendBitsVouched, string what)
    {
        var unvouched = authBits & SendBits & ~member.SendAllowance;
        return sendBitsVouched || member.UserId == _owner || unvouched == 0 ? null : NotGivenSendBits(member.UserId, what, unvouched);
    }

    private RoomError NotGivenSendBits(string userId, string what, uint bits) => RoomError.Of(
        AVErrorCode.ServerNoPermission,
        $"{what} sends (0x{bits:X2}) in room {_name!.Describe()}, which \"{_owner}\" owns: \"{userId}\" gets send bits only by accepting the owner's co-host invitation, or with a privateMapKey that grants them");

    /// <summary>The end of <paramref name="userId"/>'s chat mute in this room, if one is running.</summary>
    private DateTimeOffset? MuteOf(string userId) =>
        _mutes.TryGetValue(userId, out var until) && until > time.GetUtcNow() ? until : null;

    /// <summary>Drops mutes that have ended; true when any was dropped.</summary>
    private bool ForgetEndedMutes()
    {
        var now = time.GetUtcNow();
        var before = _mutes.Count;
        foreach (var (userId, until) in _mutes.ToArray())
        {
            if (until <= now)
            {
                _mutes.Remove(userId);
            }
        }

        return _mutes.Count < before;
    }

    /// <summary>A new or ended room remembers no removals, mutes or invitations.</summary>
    private void ForgetModeration()
    {
        _removed.Clear();
        _mutes.Clear();
        _invitations.Clear();
    }

    private RoomError? OwnerCheck(string userId, Guid sessionId) =>
        !IsMember(userId, sessionId, out _) ? NotInRoom()
        : userId != _owner ? RoomError.Of(AVErrorCode.ServerNoPermission, "only the room's owner can do this")
        : null;

    /// <summary>
    /// An online C2C message from <paramref name="from"/> carrying live command <paramref name="command"/>, marked as the
    /// server's own: SDKs raise co-host events only from such messages.
    /// </summary>
    private ChatMessage Command(string from, int command, string param)
    {
        var element = new MessageElement { Custom = new CustomElement { Data = ByteString.CopyFrom(new LiveCommand(command, param).ToBytes()) } };
        return ImFrames.OnlineChat(ImFrames.NewOnlineMessageId(), from, [element], time.GetUtcNow().ToUnixTimeMilliseconds()) with { ServerCommand = true };
    }
}
