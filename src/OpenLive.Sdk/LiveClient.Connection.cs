using OpenLive.Core.Errors;
using OpenLive.Protocol;
using OpenLive.Protocol.V1;

namespace OpenLive.Sdk;

/// <summary>Connection plumbing: pushes, heartbeats, state and the guards every call runs first.</summary>
public sealed partial class LiveClient
{
    /// <summary>Routes a new connection's pushes, protocol errors and closing to this client.</summary>
    private SignalingConnection Wire(SignalingConnection connection)
    {
        connection.Pushed += frame => OnPush(connection, frame);
        connection.ProtocolError += e => Raise(ProtocolError, new ForcedOfflineEventArgs(e));
        connection.Closed += reason => OnConnectionClosed(connection, reason);
        return connection;
    }

    private void OnPush(SignalingConnection from, ServerFrame frame)
    {
        switch (frame.BodyCase)
        {
            case ServerFrame.BodyOneofCase.ForceOffline:
                var reason = WireErrors.ToException(frame.ForceOffline.Reason);
                // Documented order: the room's Ended (SessionEnded, no error), ConnectionStateChanged to Disconnected (no
                // error), then ForcedOffline with the reason — the app gets the error once.
                if (_connection is { } connection)
                {
                    _ = TearDownAsync(connection, reason, forcedOffline: true);
                }

                Raise(ForcedOffline, new ForcedOfflineEventArgs(reason));
                break;
            case ServerFrame.BodyOneofCase.Message:
                OnMessage(from, frame.Message);
                break;
            case ServerFrame.BodyOneofCase.None when frame.Error is { } error:
                Raise(ProtocolError, new ForcedOfflineEventArgs(WireErrors.ToException(error)));
                break;
            default:
                OnRoomPush(frame);
                break;
        }
    }

    private void OnConnectionClosed(SignalingConnection connection, LiveException? reason)
    {
        if (!ReferenceEquals(_connection, connection))
        {
            return; // we closed it ourselves (logout, force-offline, dispose)
        }

        reason ??= new LiveException(ILiveErrorCode.NetUndefine, "the server closed the connection");
        if (_options.AutoReconnect && !_stopped && _resumeToken is not null)
        {
            _ = ReconnectAsync(connection, reason);
        }
        else
        {
            _ = TearDownAsync(connection, reason);
        }
    }

    private async Task TearDownAsync(SignalingConnection connection, LiveException? reason, bool forcedOffline = false)
    {
        if (Interlocked.CompareExchange(ref _connection, null, connection) != connection)
        {
            return;
        }

        StopHeartbeat();
        EndSession(reason, forcedOffline);
        await connection.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Logs in on a fresh connection (with a resume token when reconnecting).</summary>
    private async Task<LoginResult> RequestLoginAsync(SignalingConnection connection, string userId, string userSig, string? resumeToken, CancellationToken cancellationToken, RoomId? resumeRoom = null)
    {
        var login = new Login { SdkAppId = _options.SdkAppId, UserId = userId, UserSig = userSig, ProtocolVersion = ProtocolVersion.Current, ResumeToken = resumeToken ?? string.Empty, Device = _options.Device ?? string.Empty, ResumeRoom = resumeRoom };
        var reply = await connection.RequestAsync(new ClientFrame { Login = login }, _options.RequestTimeout, cancellationToken).ConfigureAwait(false);
        return reply.Login ?? throw new LiveException(ILiveErrorCode.ParseFail, "the login answer carries no LoginResult");
    }

    /// <summary>Takes over a logged-in connection: what the server said about the session, and the heartbeat.</summary>
    private void AdoptLogin(SignalingConnection connection, LoginResult result)
    {
        _connection = connection;
        _resumeToken = result.ResumeToken;
        _resumeWindow = TimeSpan.FromMilliseconds(result.ResumeWindowMs);
        TinyId = result.TinyId;
        SigExpiresAt = DateTimeOffset.FromUnixTimeSeconds(result.SigExpiresAt);
        IceServers = [.. result.IceServers.Select(s => new IceServer(
            [.. s.Urls], s.Username.Length > 0 ? s.Username : null, s.Credential.Length > 0 ? s.Credential : null))];
        StartHeartbeat(connection, TimeSpan.FromMilliseconds(Math.Max(1000, result.HeartbeatIntervalMs)));
    }

    /// <summary>The session is over (logged out, kicked, or reconnecting gave up): forget it and say why.</summary>
    /// <summary>
    /// The session is over: the room ends (<see cref="Rooms.RoomEndedEventArgs.SessionEnded"/>), then the state becomes
    /// Disconnected with the reason — unless <paramref name="forcedOffline"/>, whose ForcedOffline event carries it.
    /// </summary>
    private void EndSession(LiveException? reason, bool forcedOffline = false)
    {
        OnSessionEnded(reason);
        _resumeToken = null;
        UserId = null;
        TinyId = 0;
        SigExpiresAt = null;
        IceServers = [];
        SetState(ConnectionState.Disconnected, forcedOffline ? null : reason);
    }

    private void StopHeartbeat()
    {
        _heartbeat?.Dispose();
        _heartbeat = null;
    }

    private void StartHeartbeat(SignalingConnection connection, TimeSpan interval) =>
        _heartbeat = new HeartbeatWatch(_time, interval, _options.DeadConnectionTimeout, connection,
            unanswered => connection.Abandon(new LiveException(ILiveErrorCode.NetUndefine, $"the server answered no heartbeat for {unanswered.TotalMilliseconds:0} ms")));

    private SignalingConnection RequireConnection() => _connection switch
    {
        { IsOpen: true } connection => connection,
        _ when State == ConnectionState.Reconnecting => throw new LiveException(ILiveErrorCode.NetUndefine, "the connection dropped; the client is reconnecting"),
        _ => throw new LiveException(ILiveErrorCode.NotLogin, "log in first"),
    };

    private void EnsureUsable(CancellationToken cancellationToken)
    {
        if (_stopped)
        {
            throw new LiveException(AVErrorCode.ContextNotExist, "the client is stopped; create a new LiveClient");
        }

        CheckThread();
        if (cancellationToken.IsCancellationRequested)
        {
            throw new LiveException(ILiveErrorCode.UserCancel, "the call was cancelled before it started");
        }
    }

    private void CheckThread()
    {
        if (_options.ThreadAffinity && !ReferenceEquals(SynchronizationContext.Current, _context))
        {
            throw new LiveException(AVErrorCode.NotInMainThread, "thread affinity is on: call the SDK from the SynchronizationContext it was created on");
        }
    }

    private void SetState(ConnectionState state, LiveException? error)
    {
        if (State == state && error is null)
        {
            return;
        }

        State = state;
        Raise(ConnectionStateChanged, new ConnectionStateChangedEventArgs(state, error));
    }

    /// <summary>Raises an event on the client's SynchronizationContext when thread affinity is on.</summary>
    private void Raise<T>(EventHandler<T>? handler, T args) => RaiseFor(handler, this, args);

    // Rooms plug in here: pushes that are not about the session, and the end of a session.
    partial void OnRoomPush(ServerFrame frame);

    partial void OnSessionEnded(LiveException? reason);
}
