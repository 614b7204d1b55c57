using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenLive.Core.Auth;
using OpenLive.Core.Errors;
using OpenLive.Protocol;
using OpenLive.Server.Application.Sessions;
using OpenLive.Server.Apps;
using OpenLive.Server.Grains;
using OpenLive.Server.Hosting;
using OpenLive.Server.Observability;
using OpenLive.Server.Storage;
using OpenLive.Server.Webhooks;
using Orleans.Runtime;

namespace OpenLive.Server.Application.Login;

/// <summary>
/// Login and the session's life: the userSig check (also for WHIP/WHEP), attaching to the user's grain (an older session
/// is forced offline with 8050), resuming a dropped session's room seat, logout, renewal, tinyId resolution, and the
/// end of a session — leave the room, or keep its seat for a resuming login when the connection merely dropped.
/// </summary>
internal sealed class LoginService(
    IAppStore apps,
    IUserDirectory users,
    IGrainFactory grains,
    UserSigVerifiers verifiers,
    [FromKeyedServices(ServerClock.Key)] TimeProvider time,
    IOptions<ServerOptions> options,
    ServerMetrics metrics,
    IWebhooks webhooks,
    Rooms.RoleCatalog roles,
    ILogger<LoginService> logger)
{
    private readonly ServerOptions _options = options.Value;

    /// <summary>
    /// The userSig check of a login: a valid user id that is not reserved, a known app, a ticket of this user and app
    /// that has not expired. <paramref name="channel"/> names the edge in the log.
    /// </summary>
    /// <exception cref="LiveException">8021 bad user id, 8022 unknown app, TLSSDK errors and 8051 for the ticket.</exception>
    public AuthenticatedUser Authenticate(uint sdkAppId, string? userId, string? userSig, string channel)
    {
        if (!UserIdRules.IsValid(userId, out var problem))
        {
            throw new LiveException(ILiveErrorCode.InvalidParam, problem);
        }

        if (userId == UserIdRules.Administrator)
        {
            throw new LiveException(ILiveErrorCode.InvalidParam, $"\"{UserIdRules.Administrator}\" is reserved for system messages");
        }

        if (string.IsNullOrEmpty(userSig))
        {
            throw new LiveException(ILiveErrorCode.InvalidParam, "user_sig is missing");
        }

        var app = apps.Find(sdkAppId)
            ?? throw new LiveException(ILiveErrorCode.NotFound, $"sdkAppId {sdkAppId} is not registered on this server");
        var verifier = verifiers.For(app);
        var verification = verifier.VerifyAnyUserBuf(userId, userSig);
        if (!verification.IsValid)
        {
            var refusal = verification.ToException();
            LoginLog.LoginRefused(logger, channel, sdkAppId, new ClientText(userId), refusal.Module, refusal.Code, new ClientText(refusal.Detail));
            throw refusal;
        }

        return new AuthenticatedUser(app, userId, verifier, verification.Ticket!.ExpiresAtUnixSeconds);
    }

    /// <summary>The user's tinyId, assigned on first use.</summary>
    public ulong TinyIdOf(uint sdkAppId, string userId) => users.GetOrAssign(sdkAppId, userId);

    /// <summary>
    /// Logs <paramref name="session"/> in. With a resume token of a dropped (or still attached) session, the new session
    /// takes that session's room seat back; the outcome then carries the room.
    /// </summary>
    /// <exception cref="LiveException">8024 (AlreadyState) when already logged in, NotSupport for a newer protocol, and <see cref="Authenticate"/>'s errors.</exception>
    public async Task<LoginOutcome> LoginAsync(ClientSession session, LoginRequest request)
    {
        var started = time.GetTimestamp();
        try
        {
            var result = await LoginCoreAsync(session, request).ConfigureAwait(false);
            metrics.Login("ok", time.GetElapsedTime(started).TotalMilliseconds);
            return result;
        }
        catch (LiveException e)
        {
            metrics.Login($"{e.Module}:{e.Code}", time.GetElapsedTime(started).TotalMilliseconds);
            throw;
        }
    }

    private async Task<LoginOutcome> LoginCoreAsync(ClientSession session, LoginRequest request)
    {
        if (session.Login is { } current)
        {
            throw new LiveException(ILiveErrorCode.AlreadyState, $"this connection is already logged in as \"{current.UserId}\"; log out first");
        }

        var version = request.ProtocolVersion == 0 ? ProtocolVersion.Current : request.ProtocolVersion;
        if (version > ProtocolVersion.Current)
        {
            throw new LiveException(ILiveErrorCode.NotSupport, $"protocol version {version} is newer than this server's {ProtocolVersion.Current}");
        }

        if (request.SdkAppId == 0)
        {
            throw new LiveException(ILiveErrorCode.InvalidParam, "sdk_app_id is missing");
        }

        if (!LoginRequest.IsValidDevice(request.Device))
        {
            throw new LiveException(ILiveErrorCode.InvalidParam, $"device is at most {LoginRequest.MaxDeviceLength} characters of A-Z a-z 0-9 . _ -");
        }

        var user = Authenticate(request.SdkAppId, request.UserId, request.UserSig, "signaling");
        var tinyId = users.GetOrAssign(user.App.SdkAppId, user.UserId);
        var login = new SessionLogin(user.App, user.UserId, tinyId, user.Verifier, user.SigExpiresAt);
        session.Reference ??= grains.CreateObjectReference<ISessionObserver>(session.Endpoint);
        ParkedSeat? seat = null;
        if (Guid.TryParseExact(request.ResumeToken, "N", out var resumeToken))
        {
            var now = time.GetUtcNow();
            seat = await UserGrain(login).AttachResuming(session.Id, request.Device, session.Reference, resumeToken, now, now + _options.ResumeWindow).ConfigureAwait(false);
        }
        else
        {
            await UserGrain(login).Attach(session.Id, request.Device, session.Reference).ConfigureAwait(false);
        }

        session.SetLogin(login);
        PublishUserEvent("user.login", login);
        var resumedRoom = seat is not null ? await ResumeSeatAsync(session, login, seat).ConfigureAwait(false)
            : resumeToken != Guid.Empty && request.ResumeRoom is not null ? await ReclaimSeatAsync(session, login, resumeToken, request.ResumeRoom).ConfigureAwait(false)
            : null;
        LoginLog.LoggedIn(logger, session.Id, login.SdkAppId, new ClientText(login.UserId), tinyId);
        return new LoginOutcome(login, resumedRoom);
    }

    /// <summary>
    /// Attaches a session without a login request (WHIP/WHEP) to its user as the default device class: an older session
    /// of that class is forced offline (8050).
    /// </summary>
    public Task AttachAsync(uint sdkAppId, string userId, Guid sessionId, ISessionObserver observer) =>
        grains.GetGrain<IUserGrain>(GrainKeys.User(sdkAppId, userId)).Attach(sessionId, string.Empty, observer);

    /// <summary>Releases the user if <paramref name="sessionId"/> is still its session.</summary>
    public Task DetachAsync(uint sdkAppId, string userId, Guid sessionId) =>
        grains.GetGrain<IUserGrain>(GrainKeys.User(sdkAppId, userId)).Detach(sessionId);

    /// <summary>Logs out: leaves the room and releases the user. Nothing happens when not logged in.</summary>
    public async Task LogoutAsync(ClientSession session)
    {
        if (session.TakeLogin() is { } login)
        {
            PublishUserEvent("user.logout", login);
            await LeaveRoomAsync(session, login).ConfigureAwait(false);
            await UserGrain(login).Detach(session.Id).ConfigureAwait(false);
        }
    }

    /// <summary>Replaces the session's ticket with a new one of the same user; returns its expiry (Unix seconds).</summary>
    /// <exception cref="LiveException">The ticket's TLSSDK error or 8051.</exception>
    public static long RenewUserSig(ClientSession session, string userSig)
    {
        var login = session.RequireLogin();
        var verification = login.Verifier.VerifyAnyUserBuf(login.UserId, userSig);
        if (!verification.IsValid)
        {
            throw verification.ToException();
        }

        var renewed = login with { SigExpiresAt = verification.Ticket!.ExpiresAtUnixSeconds };
        session.SetLogin(renewed);
        return renewed.SigExpiresAt;
    }

    /// <summary>tinyIds of user ids, then user ids of tinyIds, in request order.</summary>
    /// <exception cref="LiveException">AVSDK 1502 for an unknown user id, 1501 for an unknown tinyId.</exception>
    public IReadOnlyList<(string UserId, ulong TinyId)> ResolveUsers(ClientSession session, IEnumerable<string> userIds, IEnumerable<ulong> tinyIds)
    {
        var login = session.RequireLogin();
        var result = new List<(string, ulong)>();
        foreach (var userId in userIds)
        {
            if (!users.TryGetTinyId(login.SdkAppId, userId, out var tinyId))
            {
                throw new LiveException(AVErrorCode.OpenIdToTinyIdFailed, $"user \"{userId}\" has never logged in to app {login.SdkAppId}");
            }

            result.Add((userId, tinyId));
        }

        foreach (var tinyId in tinyIds)
        {
            if (!users.TryGetUserId(login.SdkAppId, tinyId, out var userId))
            {
                throw new LiveException(AVErrorCode.TinyIdToOpenIdFailed, $"tinyId {tinyId} is unknown in app {login.SdkAppId}");
            }

            result.Add((userId, tinyId));
        }

        return result;
    }

    /// <summary>
    /// The server ends the session (8050 kick-out, 8051 expiry): forgets the login and returns it, or null when there was
    /// none. The edge then tells the client and closes; <see cref="LeaveAfterForcedEndAsync"/> follows.
    /// </summary>
    public SessionLogin? BeginForcedEnd(ClientSession session, LiveException reason)
    {
        var login = session.TakeLogin();
        if (login is null)
        {
            return null;
        }

        PublishUserEvent("user.logout", login);
        LoginLog.ForcedOffline(logger, session.Id, reason.Module, reason.Code, new ClientText(reason.Detail));
        metrics.ForcedOffline(reason.Code);
        return login;
    }

    /// <summary>After a forced end: leaves the room, and releases the user unless its grain ended the session itself.</summary>
    public async Task LeaveAfterForcedEndAsync(ClientSession session, SessionLogin login, bool detach)
    {
        var leaving = LeaveRoomAsync(session, login);
        if (detach)
        {
            _ = UserGrain(login).Detach(session.Id);
        }

        await leaving.ConfigureAwait(false);
    }

    /// <summary>
    /// The connection ended. A deliberate end (<paramref name="keepSeat"/> false) leaves the room; a dropped connection
    /// keeps the seat for <see cref="ServerOptions.ResumeWindow"/> so the client can resume.
    /// </summary>
    public async Task EndAsync(ClientSession session, bool keepSeat)
    {
        if (session.TakeLogin() is { } login)
        {
            PublishUserEvent("user.logout", login);
            try
            {
                if (keepSeat && _options.ResumeWindow > TimeSpan.Zero && await ParkAsync(session, login).ConfigureAwait(false))
                {
                    return;
                }

                await LeaveRoomAsync(session, login).ConfigureAwait(false);
                await UserGrain(login).Detach(session.Id).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OrleansException or TimeoutException)
            {
                // The user grain's node is gone; the grain re-activates empty elsewhere.
            }
        }

        if (session.Reference is { } reference)
        {
            grains.DeleteObjectReference<ISessionObserver>(reference);
        }
    }

    /// <summary>
    /// A new connection resumes this session: hands over its room seat (the current one, or one still being parked) and
    /// forgets the login, so the ending session neither leaves the room nor detaches the resumed one.
    /// </summary>
    public static ParkedSeat? Supersede(ClientSession session, DateTimeOffset until)
    {
        ParkedSeat? seat;
        lock (session.Gate)
        {
            seat = session.Room?.ToSeat(session.Id, until) ?? session.ParkingSeat;
            session.SetRoomLocked(null);
        }

        session.TakeLogin();
        return seat;
    }

    /// <summary>Keeps the room seat for a resuming login; false when the session was in no room.</summary>
    private async Task<bool> ParkAsync(ClientSession session, SessionLogin login)
    {
        var until = time.GetUtcNow() + _options.ResumeWindow;
        ParkedSeat seat;
        lock (session.Gate)
        {
            if (session.Room is not { } room)
            {
                return false;
            }

            // Kept until the grains know: a resuming login that arrives first asks this session (Supersede) for it.
            seat = session.ParkingSeat = room.ToSeat(session.Id, until);
            session.SetRoomLocked(null);
        }

        await grains.GetGrain<IRoomMembership>(seat.RoomKey).Park(login.UserId, session.Id, until).ConfigureAwait(false);
        await UserGrain(login).Park(seat).ConfigureAwait(false);
        if (session.Reference is { } reference)
        {
            grains.DeleteObjectReference<ISessionObserver>(reference);
        }

        return true;
    }

    /// <summary>Takes back a kept seat; null when the room no longer keeps it.</summary>
    private async Task<RoomSnapshot?> ResumeSeatAsync(ClientSession session, SessionLogin login, ParkedSeat seat)
    {
        var result = await WhileRoomMovesAsync(() => grains.GetGrain<IRoomMembership>(seat.RoomKey).ResumeSeat(login.UserId, seat.SessionId, session.Id, session.Reference!, session.Node)).ConfigureAwait(false);
        if (result.Value is not { } room)
        {
            return null;
        }

        session.SetRoom(SessionRoom.FromSeat(seat));
        return room;
    }

    /// <summary>
    /// Takes back the seat of session <paramref name="resumeToken"/> from the room the client names, when no node kept
    /// the session for it (its node was lost). The room (persisted, now on another node) checks that this user's seat is
    /// held by that session; the session learns its bounds from the seat (role, privateMapKey ceiling). Null when the room
    /// keeps no such seat, or the room id is invalid.
    /// </summary>
    private async Task<RoomSnapshot?> ReclaimSeatAsync(ClientSession session, SessionLogin login, Guid resumeToken, Protocol.V1.RoomId resumeRoom)
    {
        string key;
        try
        {
            key = Rooms.RoomKeys.Validate(login.SdkAppId, resumeRoom).GrainKey;
        }
        catch (LiveException)
        {
            return null;
        }

        var result = await WhileRoomMovesAsync(() => grains.GetGrain<IRoomMembership>(key).ResumeSeat(login.UserId, resumeToken, session.Id, session.Reference!, session.Node)).ConfigureAwait(false);
        if (result.Value is not { Self: { } self } room || room.Name.IsCall)
        {
            return null;
        }

        uint roleBits;
        try
        {
            roleBits = roles.Resolve(self.Role, creating: false).Role.AuthBits;
        }
        catch (LiveException)
        {
            roleBits = self.AuthBits; // the role is no longer configured here: what the member holds is its ceiling
        }

        session.SetRoom(new SessionRoom(key, room.Name, room.Owner == login.UserId, roleBits, room.SelfKeyBits));
        return room;
    }

    /// <summary>
    /// Calls a room that may be moving: right after its node is lost, calls can still be routed to the dead node for a
    /// moment (a cached directory entry) and fail with <see cref="SiloUnavailableException"/> until Orleans drops the
    /// entry; the next call activates the room on a survivor. A resuming login asks again, briefly, rather than fail —
    /// a failed resume cost the client a whole reconnect round (seen in a fresh-clone run of ClusterFailoverTests).
    /// </summary>
    private static async Task<T> WhileRoomMovesAsync<T>(Func<Task<T>> call)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call().ConfigureAwait(false);
            }
            catch (SiloUnavailableException) when (attempt < RoomMoveAttempts)
            {
                // An operational pause, not product time: a test's fake clock must not stall it.
                await Task.Delay(RoomMoveRetryDelay, TimeProvider.System).ConfigureAwait(false);
            }
        }
    }

    private const int RoomMoveAttempts = 12;
    private static readonly TimeSpan RoomMoveRetryDelay = TimeSpan.FromMilliseconds(250);

    /// <summary>The session ended without quitting: the room removes its member (or disbands, for the owner).</summary>
    private async Task LeaveRoomAsync(ClientSession session, SessionLogin login)
    {
        if (session.TakeRoom() is { } room)
        {
            await grains.GetGrain<IRoomMembership>(room.Key).SessionEnded(login.UserId, session.Id).ConfigureAwait(false);
        }
    }

    private void PublishUserEvent(string name, SessionLogin login)
    {
        if (webhooks.Enabled)
        {
            webhooks.Publish(new WebhookEvent(name, login.SdkAppId, time.GetUtcNow().ToUnixTimeSeconds(), UserId: login.UserId));
        }
    }

    private IUserGrain UserGrain(SessionLogin login) => grains.GetGrain<IUserGrain>(GrainKeys.User(login.SdkAppId, login.UserId));
}

/// <summary>A login request, whatever carried it.</summary>
internal sealed record LoginRequest(uint SdkAppId, string UserId, string UserSig, uint ProtocolVersion, string ResumeToken, string Device = "", Protocol.V1.RoomId? ResumeRoom = null)
{
    /// <summary>The most characters a device class has.</summary>
    public const int MaxDeviceLength = 32;

    /// <summary>Whether <paramref name="device"/> is a device class a login may name: empty, or 1-32 of A-Z a-z 0-9 . _ -.</summary>
    public static bool IsValidDevice(string device) =>
        device.Length <= MaxDeviceLength && device.AsSpan().IndexOfAnyExcept(DeviceCharacters) < 0;

    private static readonly System.Buffers.SearchValues<char> DeviceCharacters =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-");
}

/// <summary>A logged-in session's login, and the room it resumed (null without a resume token or when the seat is gone).</summary>
internal sealed record LoginOutcome(SessionLogin Login, RoomSnapshot? ResumedRoom);

/// <summary>A user whose userSig was accepted: the app, the verifier for its later tickets, the ticket's expiry (Unix seconds).</summary>
internal sealed record AuthenticatedUser(AppRecord App, string UserId, UserSigVerifier Verifier, long SigExpiresAt);
