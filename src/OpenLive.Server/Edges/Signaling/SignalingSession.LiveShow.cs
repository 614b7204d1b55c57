using OpenLive.Core.Errors;
using OpenLive.Protocol.V1;
using OpenLive.Server.Grains;

namespace OpenLive.Server.Edges.Signaling;

/// <summary>The live-show requests: co-host invitations, kicks and mutes, decided by the room grain.</summary>
internal sealed partial class SignalingSession
{
    private const uint DefaultInviteSeconds = 60;
    private const uint MaxInviteSeconds = 600;

    private async Task<ServerFrame?> InviteCoHostAsync(LoginState login, InviteCoHost request)
    {
        var seconds = request.ExpireSeconds == 0 ? DefaultInviteSeconds : request.ExpireSeconds;
        if (seconds > MaxInviteSeconds || request.UserId.Length == 0)
        {
            throw new LiveException(ILiveErrorCode.InvalidParam, $"an invitation names a user and lasts at most {MaxInviteSeconds} s");
        }

        return await OwnerActionAsync(grain => grain.InviteCoHost(login.UserId, Id, request.UserId, _services.Time.GetUtcNow().AddSeconds(seconds))).ConfigureAwait(false);
    }

    private async Task<ServerFrame?> AnswerCoHostInviteAsync(LoginState login, AnswerCoHostInvite request)
    {
        var room = RoomOrThrow();
        var (roleName, role) = _services.Roles.Resolve(string.IsNullOrEmpty(request.CoHostRole) ? Application.Rooms.RoleCatalog.CoHost : request.CoHostRole, creating: false);
        var result = await _services.Grains.GetGrain<IRoomLiveShow>(room.Key)
            .AnswerCoHostInvite(login.UserId, Id, request.Accept, roleName, room.Cap(role.AuthBits), role.ToVideo()).ConfigureAwait(false);
        var state = Wire.RoomWire.RoomState(result.GetValueOrThrow());
        if (request.Accept)
        {
            SetRoom(room with { RoleBits = role.AuthBits });
        }

        return new ServerFrame { Room = state };
    }

    /// <summary>Runs a room action (the grain checks that the caller owns the room).</summary>
    private async Task<ServerFrame?> OwnerActionAsync(Func<IRoomLiveShow, Task<RoomResult>> action)
    {
        var room = RoomOrThrow();
        (await action(_services.Grains.GetGrain<IRoomLiveShow>(room.Key)).ConfigureAwait(false)).ThrowIfFailed();
        return new ServerFrame { Ok = new Empty() };
    }
}
