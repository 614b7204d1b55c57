using Microsoft.Extensions.DependencyInjection;
using OpenLive.Core.Errors;
using OpenLive.Server.Application.Rooms;
using OpenLive.Server.Application.Sessions;
using OpenLive.Server.Grains;
using OpenLive.Server.Hosting;

namespace OpenLive.Server.Application.LiveShow;

/// <summary>
/// The live show (iLiveSDK's TILLiveManager): co-host invitations, kicks and chat mutes by the room's owner. The room
/// grain (<see cref="IRoomLiveShow"/>) decides who may; invitations reach clients as live commands in online messages.
/// </summary>
internal sealed class LiveShowService(IGrainFactory grains, RoleCatalog roles, [FromKeyedServices(ServerClock.Key)] TimeProvider time)
{
    private const uint DefaultInviteSeconds = 60;
    private const uint MaxInviteSeconds = 600;

    /// <summary>The owner invites <paramref name="userId"/> to co-host for <paramref name="expireSeconds"/> (60 when 0, at most 600).</summary>
    public Task InviteCoHostAsync(ClientSession session, string userId, uint expireSeconds)
    {
        var seconds = expireSeconds == 0 ? DefaultInviteSeconds : expireSeconds;
        if (seconds > MaxInviteSeconds || userId.Length == 0)
        {
            throw new LiveException(ILiveErrorCode.InvalidParam, $"an invitation names a user and lasts at most {MaxInviteSeconds} s");
        }

        return OwnerActionAsync(session, (grain, login) => grain.InviteCoHost(login.UserId, session.Id, userId, time.GetUtcNow().AddSeconds(seconds)));
    }

    public Task CancelCoHostInviteAsync(ClientSession session, string userId) =>
        OwnerActionAsync(session, (grain, login) => grain.CancelCoHostInvite(login.UserId, session.Id, userId));

    /// <summary>The invitee answers; accepting takes <paramref name="coHostRole"/> (LiveGuest when empty), capped by a presented privateMapKey.</summary>
    public async Task<RoomSnapshot> AnswerCoHostInviteAsync(ClientSession session, bool accept, string? coHostRole)
    {
        var login = session.RequireLogin();
        var room = session.RequireRoom();
        var (roleName, role) = roles.Resolve(string.IsNullOrEmpty(coHostRole) ? RoleCatalog.CoHost : coHostRole, creating: false);
        var snapshot = (await grains.GetGrain<IRoomLiveShow>(room.Key)
            .AnswerCoHostInvite(login.UserId, session.Id, accept, roleName, room.Cap(role.AuthBits), role.ToVideo()).ConfigureAwait(false)).GetValueOrThrow();
        if (accept)
        {
            session.SetRoom(room with { RoleBits = role.AuthBits });
        }

        return snapshot;
    }

    public Task KickMemberAsync(ClientSession session, string userId, string reason) =>
        OwnerActionAsync(session, (grain, login) => grain.KickMember(login.UserId, session.Id, userId, reason));

    /// <summary>Mutes <paramref name="userId"/>'s room chat for <paramref name="seconds"/>; 0 unmutes.</summary>
    public Task MuteMemberAsync(ClientSession session, string userId, uint seconds) =>
        OwnerActionAsync(session, (grain, login) => grain.MuteMember(login.UserId, session.Id, userId, seconds == 0 ? null : time.GetUtcNow().AddSeconds(seconds)));

    /// <summary>Adds <paramref name="count"/> likes to the caller's room (8003 outside a room; the grain checks the count).</summary>
    public async Task SendLikesAsync(ClientSession session, uint count)
    {
        var login = session.RequireLogin();
        var room = session.RequireRoom();
        (await grains.GetGrain<IRoomCounts>(room.Key).SendLikes(login.UserId, session.Id, count).ConfigureAwait(false)).ThrowIfFailed();
    }

    /// <summary>Runs a room action (the grain checks that the caller owns the room).</summary>
    private async Task OwnerActionAsync(ClientSession session, Func<IRoomLiveShow, SessionLogin, Task<RoomResult>> action)
    {
        var login = session.RequireLogin();
        var room = session.RequireRoom();
        (await action(grains.GetGrain<IRoomLiveShow>(room.Key), login).ConfigureAwait(false)).ThrowIfFailed();
    }
}
