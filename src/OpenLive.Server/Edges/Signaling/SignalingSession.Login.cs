using System.Net.WebSockets;
using OpenLive.Core.Auth;
using OpenLive.Core.Errors;
using OpenLive.Protocol;
using OpenLive.Protocol.V1;
using OpenLive.Server.Grains;

namespace OpenLive.Server.Edges.Signaling;

/// <summary>Login, logout, ticket renewal, force-offline and tinyId resolution.</summary>
internal sealed partial class SignalingSession
{
    private LoginState? _login;
    private ISessionObserver? _observerReference;
    private ParkedSeat? _parkingSeat; // the seat being parked after a drop, until the grains have it

    private sealed record LoginState(Apps.AppRecord App, string UserId, ulong TinyId, UserSigVerifier Verifier, long SigExpiresAt)
    {
        public uint SdkAppId => App.SdkAppId;
    }

    private async Task<ServerFrame?> LoginAsync(Login request)
    {
        var started = _services.Time.GetTimestamp();
        try
        {
            var result = await LoginCoreAsync(request).ConfigureAwait(false);
            _services.Metrics.Login("ok", _services.Time.GetElapsedTime(started).TotalMilliseconds);
            return result;
        }
        catch (LiveException e)
        {
            _services.Metrics.Login($"{e.Module}:{e.Code}", _services.Time.GetElapsedTime(started).TotalMilliseconds);
            throw;
        }
    }

    private async Task<ServerFrame?> LoginCoreAsync(Login request)
    {
        if (_login is { } current)
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

        if (!UserIdRules.IsValid(request.UserId, out var problem))
        {
            throw new LiveException(ILiveErrorCode.InvalidParam, problem);
        }

        if (request.UserId == UserIdRules.Administrator)
        {
            throw new LiveException(ILiveErrorCode.InvalidParam, $"\"{UserIdRules.Administrator}\" is reserved for system messages");
        }

        if (string.IsNullOrEmpty(request.UserSig))
        {
            throw new LiveException(ILiveErrorCode.InvalidParam, "user_sig is missing");
        }

        var app = _services.Apps.Find(request.SdkAppId)
            ?? throw new LiveException(ILiveErrorCode.NotFound, $"sdkAppId {request.SdkAppId} is not registered on this server");

        var verifier = _services.VerifierFor(app);
        var verification = verifier.VerifyAnyUserBuf(request.UserId, request.UserSig);
        if (!verification.IsValid)
        {
            var refusal = verification.ToException();
            SessionLog.LoginRefused(_services.Logger, Id, request.SdkAppId, request.UserId, refusal.Module, refusal.Code, refusal.Detail);
            throw refusal;
        }

        var tinyId = _services.Users.GetOrAssign(app.SdkAppId, request.UserId);
        var state = new LoginState(app, request.UserId, tinyId, verifier, verification.Ticket!.ExpiresAtUnixSeconds);
        _observerReference ??= _services.Grains.CreateObjectReference<ISessionObserver>(this);
        ParkedSeat? seat = null;
        if (Guid.TryParseExact(request.ResumeToken, "N", out var resumeToken))
        {
            var now = _services.Time.GetUtcNow();
            seat = await UserGrain(state).AttachResuming(Id, _observerReference, resumeToken, now, now + _services.Options.ResumeWindow).ConfigureAwait(false);
        }
        else
        {
            await UserGrain(state).Attach(Id, _observerReference).ConfigureAwait(false);
        }

        _login = state;
        ScheduleSigExpiry(state.SigExpiresAt);
        PublishUserEvent("user.login", state);
        var resumedRoom = seat is null ? null : await ResumeSeatAsync(state, seat).ConfigureAwait(false);
        SessionLog.LoggedIn(_services.Logger, Id, app.SdkAppId, request.UserId, tinyId);

        return new ServerFrame
        {
            Login = new LoginResult
            {
                TinyId = tinyId,
                SigExpiresAt = state.SigExpiresAt,
                HeartbeatIntervalMs = (uint)_services.Options.HeartbeatInterval.TotalMilliseconds,
                SessionTimeoutMs = (uint)_services.Options.SessionTimeout.TotalMilliseconds,
                ResumeToken = Id.ToString("N"),
                NodeId = _services.Node.Id,
                ResumeWindowMs = (uint)_services.Options.ResumeWindow.TotalMilliseconds,
                Resumed = resumedRoom is not null,
                Room = resumedRoom,
            },
        };
    }

    private async Task<ServerFrame?> LogoutAsync()
    {
        var login = Interlocked.Exchange(ref _login, null);
        CancelSigExpiry();
        if (login is not null)
        {
            PublishLogout(login);
            await LeaveRoomOnSessionEndAsync(login).ConfigureAwait(false);
            await UserGrain(login).Detach(Id).ConfigureAwait(false);
        }

        return new ServerFrame { Ok = new Empty() };
    }

    private ServerFrame RenewUserSig(LoginState login, RenewUserSig request)
    {
        var verification = login.Verifier.VerifyAnyUserBuf(login.UserId, request.UserSig);
        if (!verification.IsValid)
        {
            throw verification.ToException();
        }

        var renewed = login with { SigExpiresAt = verification.Ticket!.ExpiresAtUnixSeconds };
        _login = renewed;
        ScheduleSigExpiry(renewed.SigExpiresAt);
        return new ServerFrame { RenewUserSig = new RenewUserSigResult { SigExpiresAt = renewed.SigExpiresAt } };
    }

    private ServerFrame ResolveUsers(LoginState login, ResolveUsers request)
    {
        var result = new ResolveUsersResult();
        foreach (var userId in request.UserIds)
        {
            if (!_services.Users.TryGetTinyId(login.SdkAppId, userId, out var tinyId))
            {
                throw new LiveException(AVErrorCode.OpenIdToTinyIdFailed, $"user \"{userId}\" has never logged in to app {login.SdkAppId}");
            }

            result.Users.Add(new UserRef { UserId = userId, TinyId = tinyId });
        }

        foreach (var tinyId in request.TinyIds)
        {
            if (!_services.Users.TryGetUserId(login.SdkAppId, tinyId, out var userId))
            {
                throw new LiveException(AVErrorCode.TinyIdToOpenIdFailed, $"tinyId {tinyId} is unknown in app {login.SdkAppId}");
            }

            result.Users.Add(new UserRef { UserId = userId, TinyId = tinyId });
        }

        return new ServerFrame { ResolveUsers = result };
    }

    /// <inheritdoc />
    public Task ForceOffline(SessionEndReason reason)
    {
        EndSession(new LiveException(reason.Module, reason.Code, null, reason.Detail), notifyGrain: false);
        return Task.CompletedTask;
    }

    /// <summary>Pushes the reason, forgets the login and closes the connection after the push is sent.</summary>
    private void EndSession(LiveException reason, bool notifyGrain)
    {
        var login = Interlocked.Exchange(ref _login, null);
        if (login is null)
        {
            return;
        }

        CancelSigExpiry();
        PublishLogout(login);
        SessionLog.ForcedOffline(_services.Logger, Id, reason.Module, reason.Code, reason.Detail ?? string.Empty);
        _services.Metrics.ForcedOffline(reason.Code);
        Send(new ServerFrame { ForceOffline = new ForceOffline { Reason = ErrorFrames.ToWire(reason) } });
        RequestClose(WebSocketCloseStatus.NormalClosure, $"{reason.Module} {reason.Code}");
        _ = LeaveRoomOnSessionEndAsync(login);
        if (notifyGrain)
        {
            _ = UserGrain(login).Detach(Id);
        }
    }

    /// <summary>
    /// Cleans up after the connection ended. A deliberate close leaves the room; a dropped connection (network loss,
    /// silence, node shutdown) keeps the seat for <see cref="Hosting.ServerOptions.ResumeWindow"/> so the client can resume.
    /// </summary>
    private async Task EndAsync()
    {
        StopTimers();
        var login = Interlocked.Exchange(ref _login, null);
        if (login is not null)
        {
            PublishLogout(login);
            try
            {
                if (!_endedByClient && _services.Options.ResumeWindow > TimeSpan.Zero && await ParkAsync(login).ConfigureAwait(false))
                {
                    return;
                }

                await LeaveRoomOnSessionEndAsync(login).ConfigureAwait(false);
                await UserGrain(login).Detach(Id).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OrleansException or TimeoutException)
            {
                // The user grain's node is gone; the grain re-activates empty elsewhere.
            }
        }

        if (_observerReference is not null)
        {
            _services.Grains.DeleteObjectReference<ISessionObserver>(_observerReference);
        }
    }

    /// <summary>Keeps the room seat for a resuming login; false when the session was in no room.</summary>
    private async Task<bool> ParkAsync(LoginState login)
    {
        var until = _services.Time.GetUtcNow() + _services.Options.ResumeWindow;
        ParkedSeat seat;
        lock (_gate)
        {
            if (_room is not { } room)
            {
                return false;
            }

            // Kept until the grains know: a resuming login that arrives first asks this session (Supersede) for it.
            seat = _parkingSeat = room.ToSeat(Id, until);
            SetRoomLocked(null);
        }

        await _services.Grains.GetGrain<IRoomMembership>(seat.RoomKey).Park(login.UserId, Id, until).ConfigureAwait(false);
        await UserGrain(login).Park(seat).ConfigureAwait(false);
        if (_observerReference is not null)
        {
            _services.Grains.DeleteObjectReference<ISessionObserver>(_observerReference);
        }

        return true;
    }

    /// <summary>Takes back a kept seat; null when the room no longer keeps it.</summary>
    private async Task<RoomState?> ResumeSeatAsync(LoginState login, ParkedSeat seat)
    {
        var result = await _services.Grains.GetGrain<IRoomMembership>(seat.RoomKey).ResumeSeat(login.UserId, seat.SessionId, Id, _observerReference!, _services.Fanout.Reference).ConfigureAwait(false);
        if (result.Value is not { } room)
        {
            return null;
        }

        SetRoom(CurrentRoom.FromSeat(seat));
        return Wire.RoomWire.RoomState(room);
    }

    /// <inheritdoc />
    public Task<ParkedSeat?> Supersede(DateTimeOffset until)
    {
        ParkedSeat? seat;
        lock (_gate)
        {
            seat = _room?.ToSeat(Id, until) ?? _parkingSeat;
            SetRoomLocked(null);
        }

        // Forget the login first: the ending session then neither leaves the room nor detaches the resumed one.
        Interlocked.Exchange(ref _login, null);
        CancelSigExpiry();
        RequestClose(WebSocketCloseStatus.NormalClosure, "the session was resumed on a new connection");
        return Task.FromResult(seat);
    }

    private void PublishLogout(LoginState login) => PublishUserEvent("user.logout", login);

    private void PublishUserEvent(string name, LoginState login)
    {
        if (_services.Webhooks.Enabled)
        {
            _services.Webhooks.Publish(new Webhooks.WebhookEvent(name, login.SdkAppId, _services.Time.GetUtcNow().ToUnixTimeSeconds(), UserId: login.UserId));
        }
    }

    private IUserGrain UserGrain(LoginState login) => _services.Grains.GetGrain<IUserGrain>(GrainKeys.User(login.SdkAppId, login.UserId));
}
