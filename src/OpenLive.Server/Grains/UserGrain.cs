using OpenLive.Core.Errors;

namespace OpenLive.Server.Grains;

/// <inheritdoc cref="IUserGrain"/>
internal sealed partial class UserGrain(
    [Microsoft.Extensions.DependencyInjection.FromKeyedServices(OpenLive.Server.Hosting.ServerClock.Key)] TimeProvider time,
    Microsoft.Extensions.Options.IOptions<Application.Calls.CallOptions> callOptions) : Grain, IUserGrain
{
    // Kept active while a session is attached: losing this state would let two sessions of one device class coexist.
    private static readonly TimeSpan KeepAlive = TimeSpan.FromDays(365);

    /// <summary>
    /// The most device classes a user is online with at once. A class is the client's own string, so without a cap one
    /// user could hold any number of sessions (each pushed every C2C message and call event); a login of a further
    /// class forces the user's longest-attached session offline (8050), as a same-class login would.
    /// </summary>
    internal const int MaxDevicesPerUser = 8;

    // The user's live sessions, one per device class (IM SDK's multi-terminal login), oldest first; few, so a list.
    private readonly List<AttachedSession> _sessions = [];

    // Room seats of dropped sessions, by the session that held them, kept for a resuming login.
    private readonly Dictionary<Guid, ParkedSeat> _parked = [];

    public Task Attach(Guid sessionId, string device, ISessionObserver observer)
    {
        var index = _sessions.FindIndex(s => s.Device == device);
        if (index >= 0 && _sessions[index].Id != sessionId)
        {
            _sessions[index].Observer.ForceOffline(new SessionEndReason(
                ErrorModule.ILiveSDK,
                (int)ILiveErrorCode.KickOut,
                device.Length == 0 ? "the same user logged in on another connection" : $"the same user logged in on another \"{device}\" device"));
            _sessions.RemoveAt(index);
        }

        _sessions.RemoveAll(s => s.Id == sessionId);
        if (_sessions.Count >= MaxDevicesPerUser)
        {
            _sessions[0].Observer.ForceOffline(new SessionEndReason(
                ErrorModule.ILiveSDK,
                (int)ILiveErrorCode.KickOut,
                $"the same user logged in on more than {MaxDevicesPerUser} device classes; the longest-online one is signed out"));
            _sessions.RemoveAt(0);
        }

        _sessions.Add(new AttachedSession(sessionId, device, observer));
        DelayDeactivation(KeepAlive);
        Directory().UserOnline(UserId());
        return Task.CompletedTask;
    }

    public Task Detach(Guid sessionId)
    {
        DropExpiredSeats(time.GetUtcNow());
        if (Forget(sessionId) && _sessions.Count == 0 && !HoldsCallState && _parked.Count == 0)
        {
            DelayDeactivation(TimeSpan.FromSeconds(-1));
        }

        return Task.CompletedTask;
    }

    public Task<bool> Kick(string reason)
    {
        if (_sessions.Count == 0)
        {
            return Task.FromResult(false);
        }

        foreach (var session in _sessions.ToArray())
        {
            session.Observer.ForceOffline(new SessionEndReason(ErrorModule.ILiveSDK, (int)ILiveErrorCode.KickOut, reason));
            Forget(session.Id);
        }

        return Task.FromResult(true);
    }

    public Task<bool> IsOnline() => Task.FromResult(_sessions.Count > 0);

    public Task<bool> Deliver(ChatMessage message)
    {
        // Every device of the user gets a C2C message (IM SDK's multi-terminal sync).
        foreach (var session in _sessions)
        {
            session.Observer.Deliver(message);
        }

        return Task.FromResult(_sessions.Count > 0);
    }

    public Task Park(ParkedSeat seat)
    {
        var now = time.GetUtcNow();
        DropExpiredSeats(now);
        _parked[seat.SessionId] = seat;
        Forget(seat.SessionId);

        // Stay active while the seat is kept, so a resuming login finds it.
        DelayDeactivation(seat.Until - now + TimeSpan.FromSeconds(5));
        return Task.CompletedTask;
    }

    public async Task<ParkedSeat?> AttachResuming(Guid sessionId, string device, ISessionObserver observer, Guid resumeToken, DateTimeOffset now, DateTimeOffset seatUntil)
    {
        ParkedSeat? seat = null;
        if (_parked.Remove(resumeToken, out var parked) && parked.Until >= now)
        {
            seat = parked;
        }
        else if (_sessions.Find(s => s.Id == resumeToken) is { } old)
        {
            Forget(old.Id);
            try
            {
                seat = await old.Observer.Supersede(seatUntil);
            }
            catch (Exception e) when (e is OrleansException or TimeoutException)
            {
                seat = null; // the old session's node is gone: nothing to hand over
            }
        }

        if (_callSession == resumeToken)
        {
            // The resumed session goes on with the call the dropped one was in.
            _callSession = sessionId;
        }

        await Attach(sessionId, device, observer);
        return seat;
    }

    /// <summary>Forgets an attached session (false if it is not attached); the last one gone, the user is offline.</summary>
    private bool Forget(Guid sessionId)
    {
        if (_sessions.RemoveAll(s => s.Id == sessionId) == 0)
        {
            return false;
        }

        if (_sessions.Count == 0)
        {
            Directory().UserOffline(UserId());
        }

        return true;
    }

    private void DropExpiredSeats(DateTimeOffset now)
    {
        foreach (var expired in _parked.Where(p => p.Value.Until < now).Select(p => p.Key).ToArray())
        {
            _parked.Remove(expired);
        }
    }

    private string UserId() => GrainKeys.Split(this.GetPrimaryKeyString()).Remainder;

    private IAppDirectoryGrain Directory() => GrainFactory.GetGrain<IAppDirectoryGrain>(GrainKeys.Split(this.GetPrimaryKeyString()).SdkAppId);

    /// <summary>One live session of the user: its id, its device class, and where its pushes go.</summary>
    private sealed record AttachedSession(Guid Id, string Device, ISessionObserver Observer);
}
