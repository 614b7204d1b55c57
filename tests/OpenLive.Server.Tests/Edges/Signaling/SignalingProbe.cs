using Google.Protobuf.Reflection;
using OpenLive.Protocol;
using OpenLive.Protocol.V1;
using OpenLive.Testing;

namespace OpenLive.Server.Tests.Edges.Signaling;

/// <summary>A raw signaling connection for hostile tests: logged in (optionally in a room of its own), asking one request at a time.</summary>
internal sealed class SignalingProbe : IAsyncDisposable
{
    private const uint AliveCheckId = 4_000_000_001;
    private readonly RawSocket _socket;
    private readonly TestServer _server;
    private bool _closed;

    private SignalingProbe(RawSocket socket, TestServer server, string userId)
    {
        _socket = socket;
        _server = server;
        UserId = userId;
    }

    public string UserId { get; }

    public bool IsOpen => !_closed && _socket.State == System.Net.WebSockets.WebSocketState.Open;

    public RawSocket Socket => _socket;

    public static async Task<SignalingProbe> ConnectAsync(TestServer server, string userId, bool loggedIn, bool inRoom)
    {
        var probe = new SignalingProbe(await RawSocket.ConnectAsync(server.Url), server, userId);
        if (loggedIn)
        {
            var login = await probe.AskAsync(new ClientFrame { RequestId = 1, Login = new Login { SdkAppId = server.AppId, UserId = userId, UserSig = server.Sig(userId), ProtocolVersion = ProtocolVersion.Current } });
            if (login?.Login is null)
            {
                throw new InvalidOperationException($"the probe's login failed: {login}");
            }

            if (inRoom)
            {
                var room = await probe.AskAsync(new ClientFrame { RequestId = 2, CreateRoom = new CreateRoom { RoomId = new RoomId { Text = $"probe-{userId}" } } });
                if (room?.Room is null)
                {
                    throw new InvalidOperationException($"the probe's room failed: {room}");
                }
            }
        }

        return probe;
    }

    /// <summary>A string for <paramref name="field"/> that gets the request past its string checks, so its numbers are what is tested.</summary>
    public string Text(FieldDescriptor field, string peer) => (field.ContainingType.Name, field.Name) switch
    {
        ("Login" or "RenewUserSig", "user_sig") => _server.Sig(UserId),
        ("Login", "user_id") => UserId,
        (_, "user_id" or "user_ids") => peer,
        ("TextElement", "text") => "x",
        ("PublishedTrack", "mid") => "0",
        _ => string.Empty,
    };

    /// <summary>Sends a request and returns its answer (pushes skipped), or null when the server closed the connection.</summary>
    public async Task<ServerFrame?> AskAsync(ClientFrame request)
    {
        await _socket.SendAsync(request);
        return await AnswerToAsync(request.RequestId);
    }

    /// <summary>The answer to <paramref name="requestId"/> (an error answer for request id 0), or null when the connection closed.</summary>
    public async Task<ServerFrame?> AnswerToAsync(uint requestId)
    {
        while (true)
        {
            var frame = await _socket.ReceiveAsync();
            if (frame is null)
            {
                _closed = true;
                return null;
            }

            if (frame.RequestId == requestId && (requestId != 0 || frame.Error is not null))
            {
                return frame;
            }
        }
    }

    /// <summary>Sends a heartbeat and hands every frame before its answer to <paramref name="seen"/>; false when the connection closed first.</summary>
    public async Task<bool> DrainUntilAliveAsync(Action<ServerFrame> seen)
    {
        if (!IsOpen)
        {
            return false;
        }

        await _socket.SendAsync(new ClientFrame { RequestId = AliveCheckId, Heartbeat = new Heartbeat { ClientTimeMs = 1 } });
        while (await _socket.ReceiveAsync() is { } frame)
        {
            if (frame.RequestId == AliveCheckId && frame.Heartbeat is not null)
            {
                return true;
            }

            seen(frame);
        }

        _closed = true;
        return false;
    }

    /// <summary>True when a heartbeat is still answered.</summary>
    public async Task<bool> IsAliveAsync()
    {
        if (!IsOpen)
        {
            return false;
        }

        await _socket.SendAsync(new ClientFrame { RequestId = AliveCheckId, Heartbeat = new Heartbeat { ClientTimeMs = 1 } });
        return (await AnswerToAsync(AliveCheckId))?.Heartbeat is not null;
    }

    public ValueTask DisposeAsync() => _socket.DisposeAsync();
}
