using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenLive.Core.Errors;
using OpenLive.Server.Application.Login;
using OpenLive.Server.Application.Rooms;
using OpenLive.Server.Application.Sessions;
using OpenLive.Server.Grains;
using OpenLive.Server.Hosting;
using OpenLive.Server.Storage;

namespace OpenLive.Server.Application.Calls;

/// <summary>
/// Calls from a session's side (iLiveSDK's CallSDK): checks what a client asks, lets the call grain decide, and moves the
/// session into or out of the call's room. A call is a room of its own, so once in it, media works as in any room.
/// </summary>
internal sealed class CallService(
    IGrainFactory grains,
    IUserDirectory users,
    RoomEntryService rooms,
    IOptions<CallOptions> options,
    [FromKeyedServices(ServerClock.Key)] TimeProvider time)
{
    private readonly CallOptions _options = options.Value;

    /// <summary>Makes a call: the sponsor enters the call's room, then the call rings its invitees.</summary>
    /// <exception cref="LiveException">8021 bad arguments; 1801 an invitee who is not a user of the app; 8010 in a room; 8011 too many requests.</exception>
    public async Task<(CallView Call, RoomSnapshot Room)> MakeAsync(ClientSession session, IReadOnlyList<string> invitees, int callType, string tips, byte[] customData, uint timeoutSeconds, bool group)
    {
        var login = Admit(session);
        var setup = Validate(login, invitees, callType, tips, customData, timeoutSeconds, group) with { SponsorSessionId = session.Id };
        if (session.Room is { } current)
        {
            throw new LiveException(ILiveErrorCode.AlreadyInRoom, $"already in room {current.Name.Describe()}; quit it before making a call");
        }

        for (var attempt = 0; ; attempt++)
        {
            // 52 random bits: unique in practice, never 0, and exact as a JavaScript number.
            var high = (ulong)(uint)RandomNumberGenerator.GetInt32(1 << 26);
            var low = (ulong)(uint)RandomNumberGenerator.GetInt32(1 << 26);
            var callId = (high << 26) | low | 1UL;
            RoomSnapshot room;
            try
            {
                room = await rooms.EnterCallRoomAsync(session, callId, creating: true).ConfigureAwait(false);
            }
            catch (LiveException e) when (e.Is(ILiveErrorCode.AlreadyExist) && attempt < 3)
            {
                continue;
            }

            var made = await grains.GetGrain<ICallGrain>(CallRooms.CallKey(login.SdkAppId, callId)).Make(setup).ConfigureAwait(false);
            if (!made.Succeeded)
            {
                await rooms.LeaveCallRoomAsync(session, callId).ConfigureAwait(false);
                made.GetValueOrThrow();
            }

            return (made.Value!, room);
        }
    }

    /// <summary>Accepts a ringing invitation: the call grain decides (first accept wins), then the session enters the room.</summary>
    /// <exception cref="LiveException">1802 when the invitation no longer rings; 8010 in a room or another call.</exception>
    public async Task<(CallView Call, RoomSnapshot Room)> AcceptAsync(ClientSession session, ulong callId)
    {
        var login = Admit(session);
        if (session.Room is { } current)
        {
            throw new LiveException(ILiveErrorCode.AlreadyInRoom, $"already in room {current.Name.Describe()}; quit it before accepting a call");
        }

        var call = grains.GetGrain<ICallGrain>(CallRooms.CallKey(login.SdkAppId, RequireId(callId)));
        var view = (await call.Accept(login.UserId, session.Id).ConfigureAwait(false)).GetValueOrThrow();
        try
        {
            return (view, await rooms.EnterCallRoomAsync(session, callId, creating: false).ConfigureAwait(false));
        }
        catch (LiveException)
        {
            // The call ended between the accept and the entry (its room is gone): nothing to take part in.
            await call.HangUp(login.UserId).ConfigureAwait(false);
            throw new LiveException(AVErrorCode.AcceptFailed, "the call ended while it was being accepted");
        }
    }

    /// <summary>Refuses a ringing invitation (1803 when it no longer rings).</summary>
    public async Task RefuseAsync(ClientSession session, ulong callId)
    {
        var login = Admit(session);
        (await Call(login, callId).Refuse(login.UserId, session.Id).ConfigureAwait(false)).ThrowIfFailed();
    }

    /// <summary>The sponsor cancels a call nobody has answered (8008 otherwise).</summary>
    public async Task CancelAsync(ClientSession session, ulong callId)
    {
        var login = Admit(session);
        (await Call(login, callId).Cancel(login.UserId).ConfigureAwait(false)).ThrowIfFailed();
        await rooms.LeaveCallRoomAsync(session, callId).ConfigureAwait(false);
    }

    /// <summary>Leaves the call (8008 when not in it), then its room if the call did not end it.</summary>
    public async Task HangUpAsync(ClientSession session, ulong callId)
    {
        var login = Admit(session);
        (await Call(login, callId).HangUp(login.UserId).ConfigureAwait(false)).ThrowIfFailed();
        await rooms.LeaveCallRoomAsync(session, callId).ConfigureAwait(false);
    }

    /// <summary>A member of a group call invites more users.</summary>
    /// <exception cref="LiveException">8021 bad ids or too many; 1801 a user already invited or in the call, or not a user of the app; 8008 not a group call or not in it.</exception>
    public async Task<CallView> InviteAsync(ClientSession session, ulong callId, IReadOnlyList<string> userIds)
    {
        var login = Admit(session);
        var ids = ValidateInvitees(login, userIds);
        return (await Call(login, callId).Invite(login.UserId, ids).ConfigureAwait(false)).GetValueOrThrow();
    }

    /// <summary>The invitations ringing for the session's user (a login lists them).</summary>
    public Task<CallInvitationInfo[]> RingingAsync(SessionLogin login) =>
        grains.GetGrain<IUserGrain>(GrainKeys.User(login.SdkAppId, login.UserId)).Ringing();

    private ICallGrain Call(SessionLogin login, ulong callId) => grains.GetGrain<ICallGrain>(CallRooms.CallKey(login.SdkAppId, RequireId(callId)));

    private static ulong RequireId(ulong callId) =>
        callId != 0 ? callId : throw new LiveException(ILiveErrorCode.InvalidParam, "call_id is not set");

    /// <summary>A logged-in session within its call request rate (8011 beyond it).</summary>
    private SessionLogin Admit(ClientSession session)
    {
        var login = session.RequireLogin();
        session.CallRate ??= new RateLimiter(_options.MaxRequestsPerSecond, time);
        if (!session.CallRate.TryAcquire())
        {
            throw new LiveException(ILiveErrorCode.BusyHere, $"more than {_options.MaxRequestsPerSecond} call requests per second (OpenLive:Calls:MaxRequestsPerSecond); this one was not done");
        }

        return login;
    }

    private CallSetup Validate(SessionLogin login, IReadOnlyList<string> invitees, int callType, string tips, byte[] customData, uint timeoutSeconds, bool group)
    {
        if (callType is not ((int)CallKind.Audio or (int)CallKind.Video))
        {
            throw new LiveException(ILiveErrorCode.InvalidParam, "call_type is CALL_TYPE_AUDIO (1) or CALL_TYPE_VIDEO (2)");
        }

        if (Encoding.UTF8.GetByteCount(tips) > _options.MaxTipsBytes || customData.Length > _options.MaxCustomDataBytes)
        {
            throw new LiveException(ILiveErrorCode.InvalidParam, $"tips are at most {_options.MaxTipsBytes} UTF-8 bytes and custom data at most {_options.MaxCustomDataBytes} bytes");
        }

        var timeout = timeoutSeconds == 0 ? _options.DefaultRingTimeout : TimeSpan.FromSeconds(timeoutSeconds);
        if (timeout > _options.MaxRingTimeout)
        {
            throw new LiveException(ILiveErrorCode.InvalidParam, $"timeout_seconds is 1-{_options.MaxRingTimeout.TotalSeconds:0} (0: the default, {_options.DefaultRingTimeout.TotalSeconds:0})");
        }

        var ids = ValidateInvitees(login, invitees);
        return new CallSetup(login.UserId, ids, (CallKind)callType, tips, customData, timeout, group || ids.Length > 1, _options.MaxInvitees + 1, Guid.Empty);
    }

    /// <summary>1 to MaxInvitees distinct valid ids of users the app has seen, not the caller's own.</summary>
    private string[] ValidateInvitees(SessionLogin login, IReadOnlyList<string> userIds)
    {
        if (userIds.Count == 0 || userIds.Count > _options.MaxInvitees)
        {
            throw new LiveException(ILiveErrorCode.InvalidParam, $"a call invites 1-{_options.MaxInvitees} users (OpenLive:Calls:MaxInvitees); this request names {userIds.Count}");
        }

        var ids = userIds.Distinct(StringComparer.Ordinal).ToArray();
        foreach (var userId in ids)
        {
            if (!UserIdRules.IsValid(userId, out var problem))
            {
                throw new LiveException(ILiveErrorCode.InvalidParam, $"invitee: {problem}");
            }

            if (userId == login.UserId)
            {
                throw new LiveException(ILiveErrorCode.InvalidParam, "a user cannot call itself");
            }

            if (!users.TryGetTinyId(login.SdkAppId, userId, out _))
            {
                throw new LiveException(AVErrorCode.InviteFailed, $"\"{userId}\" has never logged in to app {login.SdkAppId}: not a user to call");
            }
        }

        return ids;
    }
}
