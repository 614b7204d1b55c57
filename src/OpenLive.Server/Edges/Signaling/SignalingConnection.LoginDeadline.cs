using System.Net.WebSockets;

namespace OpenLive.Server.Edges.Signaling;

/// <summary>
/// The login deadline: a connection costs a socket, buffers and a session before it has proved anything, so one that
/// has not logged in within <see cref="Hosting.ServerOptions.LoginTimeout"/> of opening is closed (1008), as LiveKit
/// and Janus refuse a transport that never authenticates. Frames before that (heartbeats) do not extend it.
/// </summary>
internal sealed partial class SignalingConnection
{
    private ITimer? _loginDeadline;

    /// <summary>Whether the session has logged in; without it there is no deadline.</summary>
    public Func<bool>? HasLoggedIn { get; init; }

    private void StartLoginDeadline()
    {
        if (HasLoggedIn is not null)
        {
            _loginDeadline = _time.CreateTimer(static state => ((SignalingConnection)state!).OnLoginDeadline(), this, _options.LoginTimeout, Timeout.InfiniteTimeSpan);
        }
    }

    private void StopLoginDeadline() => _loginDeadline?.Dispose();

    private void OnLoginDeadline()
    {
        if (HasLoggedIn!())
        {
            return;
        }

        SignalingLog.LoginTimedOut(_logger, Id, _options.LoginTimeout);
        _metrics.RefusedConnection("login_timeout");
        RequestClose(WebSocketCloseStatus.PolicyViolation, $"no login within {_options.LoginTimeout.TotalSeconds:0.#} s: log in right after connecting");
        // A client that does not read its close frame is cut off after the grace period, on the real clock as in Shutdown.
        _ = Task.Delay(CloseGrace, TimeProvider.System).ContinueWith(static (_, state) => ((SignalingConnection)state!).Abort(), this, TaskScheduler.Default);
    }
}
