using OpenLive.Core.Errors;

namespace OpenLive.Server.Grains;

/// <inheritdoc cref="IUserGrain"/>
internal sealed class UserGrain : Grain, IUserGrain
{
    // Kept active while a session is attached: losing this state would let two sessions of one user coexist.
    private static readonly TimeSpan KeepAlive = TimeSpan.FromDays(365);

    private Guid _sessionId;
    private ISessionObserver? _observer;

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
        return Task.CompletedTask;
    }

    public Task Detach(Guid sessionId)
    {
        if (_sessionId == sessionId)
        {
            _observer = null;
            _sessionId = Guid.Empty;
            DelayDeactivation(TimeSpan.FromSeconds(-1));
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
        _observer = null;
        _sessionId = Guid.Empty;
        return Task.FromResult(true);
    }

    public Task<bool> IsOnline() => Task.FromResult(_observer is not null);
}
