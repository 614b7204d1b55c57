using OpenLive.Core.Errors;
using OpenLive.Protocol;
using OpenLive.Protocol.V1;
using OpenLive.Sdk.Calls;
using OpenLive.Sdk.Rooms;

namespace OpenLive.Sdk;

/// <summary>
/// Reconnecting: after an unexpected drop the client logs in again with its userSig, resume token and room, with
/// backoff, until the server's resume window runs out — to the next of its server URLs each time
/// (<see cref="LiveClientOptions.FallbackServerUrls"/>), so a lost node's clients reach a surviving one. The server hands
/// back the room seat it kept (or the room, taken over by another node, does); the room's member list is refreshed
/// (IN/OUT events for what changed meanwhile), and media whose node is gone is connected again
/// (<see cref="Rooms.LiveRoom.MediaReconnected"/>). A refused login or a lost seat ends it with a clear reason.
/// </summary>
public sealed partial class LiveClient
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(2);

    private string? _userSig;
    private int _serverIndex; // which of ServerUrl (0) and FallbackServerUrls (1…) the connection is to
    private string? _resumeToken;
    private TimeSpan _resumeWindow;

    private async Task ReconnectAsync(SignalingConnection lost, LiveException reason)
    {
        if (Interlocked.CompareExchange(ref _connection, null, lost) != lost)
        {
            return;
        }

        StopHeartbeat();
        SetState(ConnectionState.Reconnecting, reason);
        await lost.DisposeAsync().ConfigureAwait(false);

        var deadline = _time.GetUtcNow() + (_resumeWindow > TimeSpan.Zero ? _resumeWindow : TimeSpan.FromSeconds(30));
        var backoff = new RetryBackoff(FirstRetry, LastRetry);
        var lastError = reason;
        while (!_stopped && _time.GetUtcNow() < deadline)
        {
            SignalingConnection? connection = null;
            try
            {
                var url = NextServerUrl();
                connection = Wire(await SignalingConnection.ConnectAsync(url, _certificatePins, _options.ConnectTimeout, _time, CancellationToken.None).ConfigureAwait(false));
                var resumeRoom = _room is { } inRoom ? inRoom.Id.ToWire() : null;
                var result = await RequestLoginAsync(connection, UserId ?? string.Empty, _userSig ?? string.Empty, _resumeToken, CancellationToken.None, resumeRoom).ConfigureAwait(false);
                Resumed(connection, result);
                return;
            }
            catch (LiveException e) when (IsRetryable(e))
            {
                lastError = e;
                if (connection is not null)
                {
                    await connection.DisposeAsync().ConfigureAwait(false);
                }

                await backoff.WaitAsync(_time).ConfigureAwait(false);
            }
            catch (LiveException e)
            {
                if (connection is not null)
                {
                    await connection.DisposeAsync().ConfigureAwait(false);
                }

                EndSession(e);
                return;
            }
        }

        EndSession(lastError);
    }

    private void Resumed(SignalingConnection connection, LoginResult result)
    {
        AdoptLogin(connection, result);
        if (_room is { } room)
        {
            if (result.Room is { } state && Matches(room, state.RoomId))
            {
                room.Refresh(state);
            }
            else if (CurrentCall is { } call && ReferenceEquals(call.Room, room))
            {
                LeaveCall(call, new LiveCallEndedEventArgs(call.CallId, LiveCallEndCode.Disconnect, "the connection dropped and the call did not keep the seat", null));
            }
            else
            {
                LoseRoom(room, new RoomEndedEventArgs(dismissed: false, new LiveException(ILiveErrorCode.NetUndefine, "the connection dropped and the room did not keep the seat")));
            }
        }

        SetState(ConnectionState.Connected, null);
        connection.ReleasePushes(); // a subscriber offer of the room's new node may have come with the login answer
        RingAfterResume(result);
    }

    /// <summary>
    /// The URL of the next attempt: with fallbacks, each attempt moves on to the next node (the one that dropped was
    /// likely lost); with none, always <see cref="LiveClientOptions.ServerUrl"/>.
    /// </summary>
    private Uri NextServerUrl()
    {
        var fallbacks = _options.FallbackServerUrls;
        if (fallbacks.Count == 0)
        {
            return _options.ServerUrl!;
        }

        _serverIndex = (_serverIndex + 1) % (fallbacks.Count + 1);
        return _serverIndex == 0 ? _options.ServerUrl! : fallbacks[_serverIndex - 1];
    }

    /// <summary>Network trouble and timeouts are worth another try; a refused ticket, app or version is not.</summary>
    private static bool IsRetryable(LiveException e) =>
        e.Is(ILiveErrorCode.NetUndefine) || e.Is(AVErrorCode.Timeout) || e.Is(AVErrorCode.ServerFailed) || e.Is(ILiveErrorCode.BusyHere);

    /// <summary>Drops the connection as a network failure would; for tests of reconnection.</summary>
    internal void SimulateNetworkLoss() => _connection?.Abort();
}
