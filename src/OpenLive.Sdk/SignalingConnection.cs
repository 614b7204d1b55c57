using System.Buffers;
using System.Collections.Concurrent;
using System.Net.WebSockets;
using Google.Protobuf;
using OpenLive.Core.Errors;
using OpenLive.Protocol;
using OpenLive.Protocol.V1;

namespace OpenLive.Sdk;

/// <summary>
/// One WebSocket to the server: numbered requests matched to their answers, pushes delivered in order, and every
/// pending request failed with 8012 when the connection goes away.
/// </summary>
internal sealed class SignalingConnection : IAsyncDisposable
{
    private readonly ClientWebSocket _socket;
    private readonly ConcurrentDictionary<uint, PendingRequest> _pending = new();
    private long _lastReceived;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly TimeProvider _time;
    private Task _receiveLoop = Task.CompletedTask;
    private uint _nextRequestId;
    private int _closed;

    /// <summary>How long a deliberate close waits for the server's answering Close.</summary>
    private static readonly TimeSpan CloseGrace = TimeSpan.FromSeconds(2);

    private SignalingConnection(ClientWebSocket socket, TimeProvider time)
    {
        _lastReceived = time.GetTimestamp();
        _socket = socket;
        _time = time;
    }

    /// <summary>A push (request_id 0) arrived. Raised on the receive loop, in order.</summary>
    public event Action<ServerFrame>? Pushed;

    /// <summary>A frame could not be parsed (8052).</summary>
    public event Action<LiveException>? ProtocolError;

    /// <summary>The connection ended (once). The argument says why when it was not a clean close by us.</summary>
    public event Action<LiveException?>? Closed;

    /// <summary>Opens the WebSocket; <paramref name="pins"/>, when given, replace the platform's certificate validation.</summary>
    public static async Task<SignalingConnection> ConnectAsync(Uri serverUrl, ServerCertificatePins? pins, TimeSpan timeout, TimeProvider time, CancellationToken cancellation)
    {
        var builder = new UriBuilder(serverUrl)
        {
            Scheme = serverUrl.Scheme switch { "https" or "wss" => "wss", _ => "ws" },
        };
        builder.Path = builder.Path.TrimEnd('/') + "/signal";
        var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol(ProtocolVersion.SubProtocol);
        socket.Options.KeepAliveInterval = TimeSpan.Zero; // the protocol has its own heartbeats
        string? refused = null;
        if (pins is not null)
        {
            socket.Options.RemoteCertificateValidationCallback = (_, certificate, _, _) => pins.Accepts(certificate, out refused);
        }

        using var timeoutSource = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellation, timeoutSource.Token);
        try
        {
            await socket.ConnectAsync(builder.Uri, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            socket.Dispose();
            throw new LiveException(ILiveErrorCode.UserCancel, "connecting was cancelled");
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or HttpRequestException or System.Net.Sockets.SocketException)
        {
            socket.Dispose();
            var why = refused is not null
                ? $"the server's certificate (SHA-256 {refused}) is not one of options.ServerCertificateSha256"
                : e.Message;
            throw new LiveException(ILiveErrorCode.NetUndefine, $"cannot reach {builder.Uri}: {why}", e);
        }

        var connection = new SignalingConnection(socket, time);
        connection._receiveLoop = Task.Run(connection.ReceiveLoopAsync, CancellationToken.None);
        return connection;
    }

    /// <summary>Drops the connection without a close handshake, as a network failure would (tests use it).</summary>
    public void Abort() => _socket.Abort();

    /// <summary>When the server last sent anything (a <see cref="TimeProvider.GetTimestamp"/>; the connection's opening before that).</summary>
    public long LastReceivedTimestamp => Volatile.Read(ref _lastReceived);

    /// <summary>
    /// When the oldest request still waiting for its answer was sent (a timestamp), or null. The server answers a
    /// connection's frames in order, so a heartbeat behind a slow request (a room entry during a failover) waits for it.
    /// </summary>
    public long? OldestPendingTimestamp
    {
        get
        {
            long? oldest = null;
            foreach (var pending in _pending.Values)
            {
                oldest = oldest is { } known ? Math.Min(known, pending.SentAt) : pending.SentAt;
            }

            return oldest;
        }
    }

    /// <summary>Gives the connection up as dead (the server stopped answering): it ends with <paramref name="reason"/>, as after any drop.</summary>
    public void Abandon(LiveException reason)
    {
        Close(reason);
        _socket.Abort();
    }

    public bool IsOpen => Volatile.Read(ref _closed) == 0 && _socket.State == WebSocketState.Open;

    /// <summary>Sends a request and waits for its answer; an error answer throws its <see cref="LiveException"/>.</summary>
    public async Task<ServerFrame> RequestAsync(ClientFrame frame, TimeSpan timeout, CancellationToken cancellation)
    {
        var id = Interlocked.Increment(ref _nextRequestId);
        frame.RequestId = id;
        var answer = new TaskCompletionSource<ServerFrame>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = new PendingRequest(answer, _time.GetTimestamp());
        try
        {
            await SendAsync(frame, cancellation).ConfigureAwait(false);
            var reply = await answer.Task.WaitAsync(timeout, _time, cancellation).ConfigureAwait(false);
            if (reply.Error is { } error)
            {
                throw WireErrors.ToException(error);
            }

            return reply;
        }
        catch (TimeoutException)
        {
            throw new LiveException(AVErrorCode.Timeout, $"no answer to {frame.BodyCase} within {timeout.TotalSeconds:0.#} s");
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            throw new LiveException(ILiveErrorCode.UserCancel, $"{frame.BodyCase} was cancelled");
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    /// <summary>Sends a frame that expects no answer (heartbeats).</summary>
    public async Task SendAsync(ClientFrame frame, CancellationToken cancellation)
    {
        var size = frame.CalculateSize();
        var buffer = ArrayPool<byte>.Shared.Rent(size);
        try
        {
            frame.WriteTo(buffer.AsSpan(0, size));
            await _sendLock.WaitAsync(cancellation).ConfigureAwait(false);
            try
            {
                await _socket.SendAsync(buffer.AsMemory(0, size), WebSocketMessageType.Binary, endOfMessage: true, cancellation).ConfigureAwait(false);
            }
            finally
            {
                _sendLock.Release();
            }
        }
        catch (Exception e) when (e is WebSocketException or ObjectDisposedException or InvalidOperationException)
        {
            throw new LiveException(ILiveErrorCode.NetUndefine, $"the connection to the server is lost: {e.Message}", e);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = ArrayPool<byte>.Shared.Rent(4096); // grows (below) only for large frames
        LiveException? reason = null;
        try
        {
            while (true)
            {
                var length = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    if (length == buffer.Length)
                    {
                        var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                        buffer.AsSpan(0, length).CopyTo(larger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                    }

                    result = await _socket.ReceiveAsync(buffer.AsMemory(length), _stop.Token).ConfigureAwait(false);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        // CloseReceived: the server closed first. Otherwise it answers our own Close (DisposeAsync).
                        reason = _stop.IsCancellationRequested || _socket.State != WebSocketState.CloseReceived ? null : new LiveException(ILiveErrorCode.NetUndefine, $"the server closed the connection ({_socket.CloseStatus} {_socket.CloseStatusDescription})");
                        if (_socket.State == WebSocketState.CloseReceived)
                        {
                            await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None).ConfigureAwait(false);
                        }

                        return;
                    }

                    length += result.Count;
                }
                while (!result.EndOfMessage);

                Volatile.Write(ref _lastReceived, _time.GetTimestamp());
                Deliver(buffer.AsSpan(0, length), result.MessageType);
            }
        }
        catch (OperationCanceledException)
        {
            reason = null;
        }
        catch (WebSocketException e)
        {
            reason = new LiveException(ILiveErrorCode.NetUndefine, $"the connection to the server was lost: {e.Message}", e);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            Close(reason);
        }
    }

    private void Deliver(ReadOnlySpan<byte> bytes, WebSocketMessageType type)
    {
        if (type != WebSocketMessageType.Binary)
        {
            ProtocolError?.Invoke(new LiveException(ILiveErrorCode.ParseFail, "the server sent a text frame; signaling frames are binary"));
            return;
        }

        if (FrameBatch.IsBatch(bytes))
        {
            DeliverBatch(bytes);
            return;
        }

        ServerFrame frame;
        try
        {
            frame = ServerFrame.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException e)
        {
            ProtocolError?.Invoke(new LiveException(ILiveErrorCode.ParseFail, $"the server sent a frame that is not a ServerFrame ({e.Message})"));
            return;
        }

        if (frame.RequestId != 0 && _pending.TryRemove(frame.RequestId, out var pending))
        {
            pending.Answer.TrySetResult(frame);
            return;
        }

        Deliver(frame);
    }

    // Pushes that arrived before the client adopted this connection (ReleasePushes); null once released. A resumed
    // session's server sends room pushes (a subscriber offer) right behind the login answer: handled before the client is
    // connected again, their answers failed as "reconnecting" and the offer was lost.
    private List<ServerFrame>? _heldPushes = [];
    private readonly Lock _pushGate = new();

    private void Deliver(ServerFrame frame)
    {
        lock (_pushGate)
        {
            if (_heldPushes is not null)
            {
                _heldPushes.Add(frame);
                return;
            }
        }

        Pushed?.Invoke(frame);
    }

    /// <summary>The client adopted the connection: the pushes held so far are delivered, in order, and later ones at once.</summary>
    public void ReleasePushes()
    {
        while (true)
        {
            ServerFrame[] held;
            lock (_pushGate)
            {
                if (_heldPushes is null)
                {
                    return;
                }

                if (_heldPushes.Count == 0)
                {
                    _heldPushes = null;
                    return;
                }

                held = [.. _heldPushes];
                _heldPushes.Clear();
            }

            foreach (var frame in held)
            {
                Pushed?.Invoke(frame);
            }
        }
    }

    /// <summary>Delivers a batch's frames in order, each parsed straight from the receive buffer.</summary>
    private void DeliverBatch(ReadOnlySpan<byte> batch)
    {
        while (true)
        {
            switch (FrameBatch.Next(ref batch, out var inner))
            {
                case BatchRead.Frame:
                    Deliver(inner, WebSocketMessageType.Binary);
                    break;
                case BatchRead.End:
                    return;
                default:
                    ProtocolError?.Invoke(new LiveException(ILiveErrorCode.ParseFail, "the server sent a malformed batch frame; its remaining frames were dropped"));
                    return;
            }
        }
    }

    private void Close(LiveException? reason)
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }

        var failure = reason ?? new LiveException(ILiveErrorCode.NetUndefine, "the connection was closed");
        foreach (var pending in _pending.Values)
        {
            pending.Answer.TrySetException(failure);
        }

        Closed?.Invoke(reason);
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                using var grace = new CancellationTokenSource(CloseGrace, _time);
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", grace.Token).ConfigureAwait(false);
                // RFC 6455 §7.1.1: wait for the server's Close before ending TCP. The Close is what tells the server this
                // client left on purpose (it then frees the room seat at once instead of keeping it for a resume), and
                // the server's answer says it has read it; ending TCP sooner can let the end overtake it.
                await _receiveLoop.WaitAsync(grace.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
            {
                // Closing anyway.
            }
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _receiveLoop.ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
            // Ended.
        }

        _socket.Dispose();
        _stop.Dispose();
        _sendLock.Dispose();
    }
}

/// <summary>A request waiting for its answer, and when it was sent.</summary>
internal readonly record struct PendingRequest(TaskCompletionSource<ServerFrame> Answer, long SentAt);
