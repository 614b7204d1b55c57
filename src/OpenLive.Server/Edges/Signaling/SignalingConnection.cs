using System.Buffers;
using System.Net.WebSockets;
using System.Threading.Channels;
using Google.Protobuf;
using Microsoft.Extensions.Logging;
using OpenLive.Protocol;
using OpenLive.Protocol.V1;
using OpenLive.Server.Application.Login;
using OpenLive.Server.Hosting;
using OpenLive.Server.Observability;

namespace OpenLive.Server.Edges.Signaling;

/// <summary>
/// One client's WebSocket, frames only: reads messages in order and hands each to the session, sends queued frames
/// (several waiting ones as one batch frame), watches for silence, and closes with a close frame. Frames above the size
/// limit close the connection (1009); a client that stops reading is disconnected rather than buffered without end.
/// Pushes can be held back while an answer that must precede them is being prepared (<see cref="HoldPushes"/>); a
/// connection that has not logged in by the login deadline is closed (<see cref="StartLoginDeadline"/>).
/// </summary>
internal sealed partial class SignalingConnection : IDisposable
{
    private const int SendQueueCapacity = 1024;
    private static readonly TimeSpan CloseGrace = TimeSpan.FromSeconds(2);

    private readonly WebSocket _socket;
    private readonly ServerOptions _options;
    private readonly TimeProvider _time;
    private readonly ServerMetrics _metrics;
    private readonly ILogger _logger;
    private readonly Channel<OutgoingFrame> _outbox = Channel.CreateBounded<OutgoingFrame>(new BoundedChannelOptions(SendQueueCapacity) { SingleReader = true });
    private readonly CancellationTokenSource _closing = new();
    private readonly Lock _gate = new();
    private (WebSocketCloseStatus Status, string Description)? _closeRequest;
    private long _lastReceive;
    private ITimer? _watchdog;

    public SignalingConnection(WebSocket socket, Guid id, ServerOptions options, TimeProvider time, ServerMetrics metrics, ILogger logger)
    {
        _socket = socket;
        Id = id;
        _options = options;
        _time = time;
        _metrics = metrics;
        _logger = logger;
        _lastReceive = time.GetTimestamp();
    }

    /// <summary>The session's id, for the log.</summary>
    public Guid Id { get; }

    /// <summary>The client ended the connection deliberately (a close frame, or abuse such as an oversized frame).</summary>
    public bool EndedByClient { get; private set; }

    // This node closes the connection because it is shutting down (drained): the client's answering close is no leave.
    private volatile bool _shuttingDown;

    public void Dispose()
    {
        _watchdog?.Dispose();
        StopLoginDeadline();
        _closing.Dispose();
    }

    /// <summary>
    /// Runs the connection until it ends: each received message goes to <paramref name="onMessage"/>, one at a time;
    /// <paramref name="onEnded"/> runs once reading stopped and before the last queued frames are flushed.
    /// </summary>
    public async Task RunAsync(Func<WebSocketMessageType, ReadOnlyMemory<byte>, Task> onMessage, Func<Task> onEnded)
    {
        // Not the request's abort token: Kestrel signals it as soon as the client's FIN arrives, which can be before the
        // read loop has taken the Close frame that came just ahead of the FIN, and a deliberate leave would be taken for
        // a drop (the seat parked for the resume window). The socket's own reads report a real end (EOF, reset); this
        // connection's own aborts (watchdog, shutdown, a client that stops reading) cancel _closing.
        var closing = _closing.Token;
        StartWatchdog();
        StartLoginDeadline();
        var writer = WriteLoopAsync(closing);
        string reason = "closed by the client";
        try
        {
            reason = await ReadLoopAsync(onMessage, closing).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            reason = _closeRequest?.Description ?? "aborted";
        }
        catch (WebSocketException e)
        {
            reason = e.Message;
        }
        finally
        {
            _outbox.Writer.TryComplete();
            _watchdog?.Dispose();
            StopLoginDeadline();
            await onEnded().ConfigureAwait(false);
            if (_closeRequest is null)
            {
                Abort(); // nothing left to say: stop the writer now
            }

            try
            {
                await writer.WaitAsync(CloseGrace, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e) when (e is TimeoutException or OperationCanceledException or WebSocketException)
            {
                // The peer stopped reading; nothing more to deliver.
            }

            Abort(); // the read side is done: end the writer's close grace too
            SignalingLog.Ended(_logger, Id, new ClientText(reason));
        }
    }

    /// <summary>Queues a frame for the writer; a client that stops reading is disconnected.</summary>
    public void Send(ServerFrame frame) => Send(new OutgoingFrame(frame, null));

    public void Send(OutgoingFrame frame)
    {
        if (!_outbox.Writer.TryWrite(frame) && _closeRequest is null)
        {
            RequestClose(WebSocketCloseStatus.PolicyViolation, "the client is not reading its frames");
            Abort();
        }
    }

    /// <summary>Ends the connection with a close frame once the queued frames are sent (the first request wins).</summary>
    public void RequestClose(WebSocketCloseStatus status, string description)
    {
        lock (_gate)
        {
            _closeRequest ??= (status, description);
        }

        _outbox.Writer.TryComplete();
    }

    /// <summary>The node is shutting down: say so with a close frame (1001), then stop after a grace period.</summary>
    public void Shutdown()
    {
        _shuttingDown = true;
        RequestClose(WebSocketCloseStatus.EndpointUnavailable, "the server is shutting down");
        // A network grace period, not product logic: on the real clock, so a fake clock in tests cannot stall shutdown.
        _ = Task.Delay(CloseGrace, TimeProvider.System).ContinueWith(static (_, state) => ((SignalingConnection)state!).Abort(), this, TaskScheduler.Default);
    }

    /// <summary>Stops the connection's loops; safe after disposal (a late writer or timer may call it).</summary>
    public void Abort()
    {
        try
        {
            _closing.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already ended.
        }
    }

    private async Task<string> ReadLoopAsync(Func<WebSocketMessageType, ReadOnlyMemory<byte>, Task> onMessage, CancellationToken cancellation)
    {
        // Idle connections are the common case: each holds a small buffer; a larger one is rented only while a large
        // frame arrives, and returned right after.
        const int SmallBuffer = 4096;
        var limit = _options.MaxFrameBytes;
        var small = new byte[SmallBuffer];
        while (_socket.State == WebSocketState.Open)
        {
            var buffer = small;
            var length = 0;
            try
            {
                ValueWebSocketReceiveResult result;
                do
                {
                    if (length == buffer.Length)
                    {
                        if (length > limit)
                        {
                            return RejectOversized(limit);
                        }

                        var larger = ArrayPool<byte>.Shared.Rent(Math.Min(limit + 1, buffer.Length * 4));
                        buffer.AsSpan(0, length).CopyTo(larger);
                        if (!ReferenceEquals(buffer, small))
                        {
                            ArrayPool<byte>.Shared.Return(buffer);
                        }

                        buffer = larger;
                    }

                    result = await _socket.ReceiveAsync(buffer.AsMemory(length), cancellation).ConfigureAwait(false);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        // A deliberate close: leave the room rather than keep the seat — unless it answers this node's own
                        // close for shutting down, after which the client resumes on another node and keeps its seat.
                        EndedByClient = !_shuttingDown;
                        RequestClose(WebSocketCloseStatus.NormalClosure, "bye");
                        return "closed by the client";
                    }

                    length += result.Count;
                }
                while (!result.EndOfMessage);

                if (length > limit)
                {
                    return RejectOversized(limit);
                }

                Volatile.Write(ref _lastReceive, _time.GetTimestamp());
                await onMessage(result.MessageType, buffer.AsMemory(0, length)).ConfigureAwait(false);
            }
            finally
            {
                if (!ReferenceEquals(buffer, small))
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }
            }
        }

        return "connection closed";
    }

    /// <summary>An oversized frame ends the connection (1009) and, being abuse rather than bad luck, leaves the room.</summary>
    private string RejectOversized(int limit)
    {
        SignalingLog.FrameTooLarge(_logger, Id, limit);
        _metrics.RejectedFrame("oversized");
        EndedByClient = true;
        RequestClose(WebSocketCloseStatus.MessageTooBig, $"frames are limited to {limit} bytes");
        return "frame too large";
    }

    /// <summary>The silence watchdog: a client that sends nothing (not even heartbeats) for the session timeout is closed.</summary>
    private void StartWatchdog() =>
        _watchdog = _time.CreateTimer(static state => ((SignalingConnection)state!).OnWatchdog(), this, _options.SessionTimeout, Timeout.InfiniteTimeSpan);

    private void OnWatchdog()
    {
        var silence = _time.GetElapsedTime(Volatile.Read(ref _lastReceive));
        var timeout = _options.SessionTimeout;
        if (silence < timeout)
        {
            _watchdog?.Change(timeout - silence, Timeout.InfiniteTimeSpan);
            return;
        }

        SignalingLog.TimedOut(_logger, Id, silence);
        RequestClose(WebSocketCloseStatus.PolicyViolation, $"no frame for {timeout.TotalSeconds:0} s");
        Abort();
    }

    /// <summary>The frame's bytes: pre-serialized ones as they are, a message serialized into <paramref name="scratch"/>.</summary>
    private static ReadOnlyMemory<byte> Serialize(OutgoingFrame frame, ArrayBufferWriter<byte> scratch)
    {
        if (frame.Message is not { } message)
        {
            return frame.Bytes;
        }

        scratch.ResetWrittenCount();
        message.WriteTo(scratch);
        return scratch.WrittenMemory;
    }

    /// <summary>
    /// Sends queued frames. When several are waiting (a burst of room messages, say), they go out as one batch frame:
    /// one WebSocket message and one socket write instead of one per frame.
    /// </summary>
    private async Task WriteLoopAsync(CancellationToken cancellation)
    {
        const int MaxBatchFrames = 64;
        const int MaxBatchBytes = 32 * 1024;
        var writer = new ArrayBufferWriter<byte>(4096);
        var single = new ArrayBufferWriter<byte>(1024);
        try
        {
            await foreach (var first in _outbox.Reader.ReadAllAsync(cancellation).ConfigureAwait(false))
            {
                writer.ResetWrittenCount();
                var count = 1;
                if (!_outbox.Reader.TryPeek(out _))
                {
                    await _socket.SendAsync(Serialize(first, writer), WebSocketMessageType.Binary, endOfMessage: true, cancellation).ConfigureAwait(false);
                    continue;
                }

                FrameBatch.Append(writer, Serialize(first, single).Span);
                while (count < MaxBatchFrames && writer.WrittenCount < MaxBatchBytes && _outbox.Reader.TryRead(out var next))
                {
                    FrameBatch.Append(writer, Serialize(next, single).Span);
                    count++;
                }

                await _socket.SendAsync(writer.WrittenMemory, WebSocketMessageType.Binary, endOfMessage: true, cancellation).ConfigureAwait(false);
            }

            if (_closeRequest is { } close && _socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                using var grace = new CancellationTokenSource(CloseGrace);
                await _socket.CloseOutputAsync(close.Status, close.Description, grace.Token).ConfigureAwait(false);
                // Give the client a moment to answer the close; then stop reading.
                await Task.Delay(CloseGrace, _time, cancellation).ConfigureAwait(false);
                Abort();
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            Abort();
        }
    }
}

/// <summary>A queued frame: a message to serialize, or bytes a grain serialized once for many sessions.</summary>
internal readonly record struct OutgoingFrame(ServerFrame? Message, byte[]? Bytes);
