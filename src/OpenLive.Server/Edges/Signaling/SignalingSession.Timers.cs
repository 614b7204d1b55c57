using System.Net.WebSockets;
using OpenLive.Core.Errors;

namespace OpenLive.Server.Edges.Signaling;

/// <summary>The session's two clocks: the silence watchdog (30 s by default) and the userSig expiry.</summary>
internal sealed partial class SignalingSession
{
    private long _lastReceive;
    private ITimer? _watchdog;
    private ITimer? _sigExpiry;

    private void StartWatchdog() =>
        _watchdog = _services.Time.CreateTimer(static state => ((SignalingSession)state!).OnWatchdog(), this, _services.Options.SessionTimeout, Timeout.InfiniteTimeSpan);

    private void OnWatchdog()
    {
        var silence = _services.Time.GetElapsedTime(Volatile.Read(ref _lastReceive));
        var timeout = _services.Options.SessionTimeout;
        if (silence < timeout)
        {
            _watchdog?.Change(timeout - silence, Timeout.InfiniteTimeSpan);
            return;
        }

        SessionLog.TimedOut(_services.Logger, Id, silence);
        RequestClose(WebSocketCloseStatus.PolicyViolation, $"no frame for {timeout.TotalSeconds:0} s");
        Abort();
    }

    /// <summary>Arms the expiry timer: Tencent's rule is expired when now &gt; time + expire, so it fires one second after.</summary>
    private void ScheduleSigExpiry(long expiresAtUnixSeconds)
    {
        var due = DateTimeOffset.FromUnixTimeSeconds(Math.Min(expiresAtUnixSeconds + 1, DateTimeOffset.MaxValue.ToUnixTimeSeconds() - 1)) - _services.Time.GetUtcNow();
        if (due < TimeSpan.Zero)
        {
            due = TimeSpan.Zero;
        }

        // Timers take at most ~49 days; a longer-lived ticket is re-armed when that first period ends.
        var period = TimeSpan.FromDays(40);
        lock (_gate)
        {
            _sigExpiry?.Dispose();
            _sigExpiry = _services.Time.CreateTimer(
                static state => ((SignalingSession)state!).OnSigExpiryTimer(),
                this,
                due < period ? due : period,
                Timeout.InfiniteTimeSpan);
        }
    }

    private void OnSigExpiryTimer()
    {
        var login = _login;
        if (login is null)
        {
            return;
        }

        if (_services.Time.GetUtcNow().ToUnixTimeSeconds() <= login.SigExpiresAt)
        {
            ScheduleSigExpiry(login.SigExpiresAt);
            return;
        }

        EndSession(new LiveException(ILiveErrorCode.Expire, "the userSig expired during the session; renew it before expiry"), notifyGrain: true);
    }

    private void CancelSigExpiry()
    {
        lock (_gate)
        {
            _sigExpiry?.Dispose();
            _sigExpiry = null;
        }
    }

    private void StopTimers()
    {
        _watchdog?.Dispose();
        CancelSigExpiry();
    }
}
