using System.Collections.Concurrent;
using System.Net.WebSockets;
using Google.Protobuf;
using OpenLive.Protocol;
using OpenLive.Protocol.V1;

namespace OpenLive.MediaLoad;

/// <summary>
/// A bare signaling connection (one <see cref="ClientWebSocket"/>, protobuf frames as docs/protocol.md describes):
/// numbered requests matched to their answers, pushes handed to <see cref="Pushed"/> in order on the receive loop,
/// batches unpacked. Lighter than the SDK's client, so hundreds of members cost the harness little.
/// </summary>
internal sealed class SignalingClient : IAsyncDisposable
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    private readonly ClientWebSocket _socket = new();
    private readonly ConcurrentDictionary<uint, TaskCompletionSource<ServerFrame>> _pending = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private Task _receiveLoop = Task.CompletedTask;
    private uint _nextRequestId;

    private SignalingClient(string userId) => UserId = userId;

    /// <summary>A push (request_id 0) arrived; raised on the receive loop, which waits for the handler.</summary>
    public event Action<ServerFrame>? Pushed;

    public string UserId { get; }

    /// <summary>Connects to <c>ws://…/signal</c> and logs in as <paramref name="userId"/>.</summary>
    public static async Task<SignalingClient> LoginAsync(Uri server, uint appId, string userId, string userSig, CancellationToken cancellation)
    {
        var client = new SignalingClient(userId);
        var uri = new UriBuilder(server) { Scheme = "ws", Path = "/signal" }.Uri;
        client._socket.Options.AddSubProtocol(ProtocolVersion.SubProtocol);
        client._socket.Options.KeepAliveInterval = TimeSpan.Zero;
        await client._socket.ConnectAsync(uri, cancellation).ConfigureAwait(false);
        client._receiveLoop = Task.Run(client.ReceiveLoopAsync, CancellationToken.None);
        await client.RequestAsync(new ClientFrame
        {
            Login = new Login { SdkAppId = appId, UserId = userId, UserSig = userSig, ProtocolVersion = ProtocolVersion.Current },
        }).ConfigureAwait(false);
        return client;
    }

    /// <summary>Sends a request and returns its answer; an error answer throws.</summary>
    public async Task<ServerFrame> RequestAsync(ClientFrame frame)
    {
        var id = Interlocked.Increment(ref _nextRequestId);
        frame.RequestId = id;
        var answer = new TaskCompletionSource<ServerFrame>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = answer;
        try
        {
            await SendAsync(frame).ConfigureAwait(false);
            var reply = await answer.Task.WaitAsync(RequestTimeout).ConfigureAwait(false);
            return reply.Error is { } error
                ? throw new InvalidOperationException($"{UserId}: {frame.BodyCase} failed: {error.Module} {error.Code} {error.Message}")
                : reply;
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    /// <summary>Sends a frame that expects no answer (heartbeats).</summary>
    public async Task SendAsync(ClientFrame frame)
    {
        var bytes = frame.ToByteArray();
        await _sendLock.WaitAsync().ConfigureAwait(false);
        try
        {
            await _socket.SendAsync(bytes, WebSocketMessageType.Binary, endOfMessage: true, _stop.Token).ConfigureAwait(false);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>A heartbeat, so the server keeps the session (it closes one silent for 30 s).</summary>
    public Task HeartbeatAsync() =>
        SendAsync(new ClientFrame { Heartbeat = new Heartbeat { ClientTimeMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() } });

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[ProtocolVersion.MaxFrameBytes];
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var length = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await _socket.ReceiveAsync(buffer.AsMemory(length), _stop.Token).ConfigureAwait(false);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        return;
                    }

                    length += result.Count;
                }
                while (!result.EndOfMessage && length < buffer.Length);

                Deliver(buffer.AsSpan(0, length));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
            // Closed.
        }
        catch (InvalidProtocolBufferException e)
        {
            await Console.Error.WriteLineAsync($"{UserId}: unreadable frame from the server ({e.Message}); signaling stopped").ConfigureAwait(false);
        }
        finally
        {
            foreach (var pending in _pending.Values)
            {
                pending.TrySetException(new InvalidOperationException($"{UserId}: the signaling connection closed"));
            }
        }
    }

    private void Deliver(ReadOnlySpan<byte> bytes)
    {
        if (!FrameBatch.IsBatch(bytes))
        {
            Handle(ServerFrame.Parser.ParseFrom(bytes));
            return;
        }

        var rest = bytes;
        while (FrameBatch.Next(ref rest, out var frame) == BatchRead.Frame)
        {
            Handle(ServerFrame.Parser.ParseFrom(frame));
        }
    }

    private void Handle(ServerFrame frame)
    {
        if (frame.RequestId != 0)
        {
            if (_pending.TryGetValue(frame.RequestId, out var answer))
            {
                answer.TrySetResult(frame);
            }

            return;
        }

        Pushed?.Invoke(frame);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
            // The server went first.
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        await _receiveLoop.ConfigureAwait(false);
        _socket.Dispose();
        _sendLock.Dispose();
        _stop.Dispose();
    }
}
