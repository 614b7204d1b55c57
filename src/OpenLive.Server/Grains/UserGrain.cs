using OpenLive.Core.Errors;

namespace OpenLive.Server.Grains;

/// <inheritdoc cref="IUserGrain"/>
internal sealed partial class UserGrain(
    [Microsoft.Extensions.DependencyInjection.FromKeyedServices(OpenLive.Server.Hosting.ServerClock.Key)] TimeProvider time,
    Microsoft.Extensions.Options.IOptions<Application.Calls.CallOptions> callOptions) : Grain, IUserGrain
{
    // Kept active while a session is attached: losing this state would let two sessions of one user coexist.
    private static readonly TimeSpan KeepAlive = TimeSpan.FromDays(365);

    private Guid _sessionId;
    private ISessionObserver? _observer;
    private ParkedSeat? _parked;

    public Task Attach(Guid sessionId, ISessionObserver observer)
    {
        if (_observer is not null && _sessionId != sessionId)
        {
            _observer.ForceOffline(new SessionEndReason(
                ErrorModule.ILiveSDK,
                (int)ILiveErrorCode.KickOut,
                "the same user logged in on another connection"));
        }

        _sessionId = sessionId;
        _observer = observer;
        DelayDeactivation(KeepAlive);
        Directory().UserOnline(UserId());
        return Task.CompletedTask;
    }

    public Task Detach(Guid sessionId)
    {
        if (_sessionId == sessionId)
        {
            GoOffline();
            if (!HoldsCallState)
            {
                DelayDeactivation(TimeSpan.FromSeconds(-1));
            }
        }

        return Task.CompletedTask;
    }

    public Task<bool> Kick(string reason)
    {
        if (_observer is null)
        {
            return Task.FromResult(false);
        }

        _observer.ForceOffline(new SessionEndReason(ErrorModule.ILiveSDK, (int)ILiveErrorCode.KickOut, reason));
        GoOffline();
        return Task.FromResult(true);
    }

    public Task<bool> IsOnline() => Task.FromResult(_observer is not null);

    public Task<bool> Deliver(ChatMessage message)
    {
        _observer?.Deliver(message);
        return Task.FromResult(_observer is not null);
    }

    public Task Park(ParkedSeat seat)
    {
        _parked = seat;
        if (_sessionId == seat.SessionId)
        {
            GoOffline();
        }

        // Stay active while the seat is kept, so a resuming login finds it.
        DelayDeactivation(seat.Until - time.GetUtcNow() + TimeSpan.FromSeconds(5));
        return Task.CompletedTask;
    }

    public async Task<ParkedSeat?> AttachResuming(Guid sessionId, ISessionObserver observer, Guid resumeToken, DateTimeOffset now, DateTimeOffset seatUntil)
    {
        ParkedSeat? seat = null;
        if (_parked is { } parked && parked.SessionId == resumeToken && parked.Until >= now)
        {
            seat = parked;
        }
        else if (_observer is not null && _sessionId == resumeToken)
        {
            var old = _observer;
            _observer = null;
            _sessionId = Guid.Empty;
            try
            {
                seat = await old.Supersede(seatUntil);
            }
            catch (Exception e) when (e is OrleansException or TimeoutException)
            {
                seat = null; // the old session's node is gone: nothing to hand over
            }
        }

        _parked = null;
        await Attach(sessionId, observer);
        return seat;
    }

    /// <summary>Forgets the attached session and tells the app directory the user is offline.</summary>
    private void GoOffline()
    {
        _observer = null;
        _sessionId = Guid.Empty;
        Directory().UserOffline(UserId());
    }

    private string UserId() => GrainKeys.Split(this.GetPrimaryKeyString()).Remainder;

    private IAppDirectoryGrain Directory() => GrainFactory.GetGrain<IAppDirectoryGrain>(GrainKeys.Split(this.GetPrimaryKeyString()).SdkAppId);
}
