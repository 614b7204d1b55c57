using Google.Protobuf;
using OpenLive.Core.Errors;
using OpenLive.Protocol.V1;
using Orleans.Concurrency;

namespace OpenLive.Server.Grains;

/// <summary>
/// Members without a signaling session (WHIP publishers, WHEP players, <see cref="MediaFlags.MediaOnly"/>): they
/// publish through <see cref="Publish"/> like anyone, play through a client-offered subscription, and their stay ends
/// with their media connection.
/// </summary>
internal sealed partial class RoomGrain
{
    public Task<RoomResult<string>> Play(string userId, Guid sessionId, string publisherUserId, string sdp)
    {
        if (!IsMember(userId, sessionId, out _))
        {
            return Task.FromResult<RoomResult<string>>(NotInRoom());
        }

        if (!_members.ContainsKey(publisherUserId))
        {
            return Task.FromResult<RoomResult<string>>(RoomError.Of(AVErrorCode.EndpointNotExist, $"\"{publisherUserId}\" is not in room {_name!.Describe()}"));
        }

        return Task.FromResult(Outcome(Media().Play(userId, publisherUserId, sdp)));
    }

    public Task OnMediaConnectionLost(string userId, string reason)
    {
        if (_name is null || !_members.TryGetValue(userId, out var member) || !member.Media.MediaOnly)
        {
            return Task.CompletedTask;
        }

        // Tell the member's resource (it closes and forgets the room), then leave as a quit would.
        member.Session.RoomClosed(new RoomClosure(this.GetPrimaryKeyString(), _name, RoomError.Of(AVErrorCode.Failed, $"the media connection closed: {reason}")));
        if (userId == _owner)
        {
            Disband(except: userId);
        }
        else
        {
            RemoveMember(userId, MemberOutReason.Dropped);
        }

        return Task.CompletedTask;
    }
}
