using Google.Protobuf;
using OpenLive.Core.Errors;
using OpenLive.Core.Rooms;
using OpenLive.Protocol.V1;
using OpenLive.Server.Im;
using Orleans.Concurrency;

namespace OpenLive.Server.Grains;

/// <summary>
/// The live-show layer (iLiveSDK's TILLiveManager): co-host invitations owned by the room, kicks and chat mutes.
/// Invitations and answers reach clients as iLiveSDK live commands in online C2C messages.
/// </summary>
internal sealed partial class RoomGrain
{
    private readonly Dictionary<string, DateTimeOffset> _invitations = new(StringComparer.Ordinal);

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
        invitee.Session.Deliver(Command(ownerUserId, LiveCommandIds.Invite, ownerUserId));
        return Task.FromResult<RoomResult>(RoomResult.Ok);
    }

    public Task<RoomResult> CancelCoHostInvite(string ownerUserId, Guid sessionId, string inviteeUserId)
    {
        if (OwnerCheck(ownerUserId, sessionId) is { } refused)
        {
            return Task.FromResult<RoomResult>(refused);
        }

        if (!_invitations.Remove(inviteeUserId))
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

        var why = RoomError.Of(
            AVErrorCode.ServerIdNotInRoom,
            string.IsNullOrEmpty(reason) ? "the room's owner removed you from the room" : $"the room's owner removed you from the room: {reason}");
        if (!target.Parked)
        {
            target.Session.RoomClosed(new RoomClosure(this.GetPrimaryKeyString(), _name!, why));
        }

        RemoveMember(targetUserId);
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

        target.MutedUntil = until;
        Broadcast(MemberUpdatedFrame(target), except: null);
        return Task.FromResult<RoomResult>(RoomResult.Ok);
    }

    private RoomError? OwnerCheck(string userId, Guid sessionId) =>
        !IsMember(userId, sessionId, out _) ? NotInRoom()
        : userId != _owner ? RoomError.Of(AVErrorCode.ServerNoPermission, "only the room's owner can do this")
        : null;

    /// <summary>An online C2C message from <paramref name="from"/> carrying live command <paramref name="command"/>.</summary>
    private ChatMessage Command(string from, int command, string param)
    {
        var element = new MessageElement { Custom = new CustomElement { Data = ByteString.CopyFrom(new LiveCommand(command, param).ToBytes()) } };
        return ImFrames.OnlineChat(ImFrames.NewOnlineMessageId(), from, [element], time.GetUtcNow().ToUnixTimeMilliseconds());
    }
}
