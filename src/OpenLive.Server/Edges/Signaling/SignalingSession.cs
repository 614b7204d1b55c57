using System.Buffers;
using System.Data.Common;
using System.Net.WebSockets;
using System.Threading.Channels;
using Google.Protobuf;
using OpenLive.Core.Errors;
using OpenLive.Protocol;
using OpenLive.Protocol.V1;
using OpenLive.Server.Grains;

namespace OpenLive.Server.Edges.Signaling;

/// <summary>
/// One client's WebSocket: reads frames in order, answers each request once, pushes server events, and ends the session
/// on logout-timeout, kick-out (8050) or ticket expiry (8051). Malformed input is answered with 8052 and never affects
/// other sessions; frames above the size limit close the connection (1009).
/// </summary>
internal sealed partial class SignalingSession : ISessionObserver, IDisposable
{
    private const int SendQueueCapacity = 1024;
    private static readonly TimeSpan CloseGrace = TimeSpan.FromSeconds(2);

    private readonly WebSocket _socket;
    private readonly SessionServices _services;
    private readonly Channel<OutgoingFrame> _outbox = Channel.CreateBounded<OutgoingFrame>(new BoundedChannelOptions(SendQueueCapacity) { SingleReader = true });
    private readonly CancellationTokenSource _closing = new();
    private readonly FrameRateLimiter _rate;
    private readonly Lock _gate = new();
    private (WebSocketCloseStatus Status, string Description)? _closeRequest;
    private bool _endedByClient;

    public SignalingSession(WebSocket socket, SessionServices services)
    {
        _socket = socket;
        _services = services;
        _rate = new FrameRateLimiter(services.Options.MaxFramesPerSecond, services.Time);
        _lastReceive = services.Time.GetTimestamp();
    }

    public Guid Id { get; } = Guid.NewGuid();

    public void Dispose()
    {
        StopTimers();
        _closing.Dispose();
    }

    public async Task RunAsync(CancellationToken aborted)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(aborted, _closing.Token);
        _services.Metrics.SessionOpened();
        _services.Fanout.Register(this);
        StartWatchdog();
        var writer = WriteLoopAsync(linked.Token);
        string reason = "closed by the client";
        try
        {
            reason = await ReadLoopAsync(linked.Token).ConfigureAwait(false);
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
            await EndAsync().ConfigureAwait(false);
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

            _services.Metrics.SessionClosed();
            _services.Fanout.Unregister(this);
            SessionLog.Ended(_services.Logger, Id, reason);
        }
    }

    private async Task<string> ReadLoopAsync(CancellationToken cancellation)
    {
        // Idle connections are the common case: each holds a small buffer; a larger one is rented only while a large
        // frame arrives, and returned right after.
        const int SmallBuffer = 4096;
        var limit = _services.Options.MaxFrameBytes;
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
                        _endedByClient = true; // a deliberate close: leave the room rather than keep the seat
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

                _lastReceive = _services.Time.GetTimestamp();
                await OnFrameAsync(result.MessageType, buffer.AsMemory(0, length)).ConfigureAwait(false);
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
        SessionLog.FrameTooLarge(_services.Logger, Id, limit);
        _services.Metrics.RejectedFrame("oversized");
        _endedByClient = true;
        RequestClose(WebSocketCloseStatus.MessageTooBig, $"frames are limited to {limit} bytes");
        return "frame too large";
    }

    private async Task OnFrameAsync(WebSocketMessageType type, ReadOnlyMemory<byte> bytes)
    {
        if (!_rate.TryAcquire())
        {
            _services.Metrics.RejectedFrame("rate_limited");
            Send(ErrorFrames.Reply(0, ILiveErrorCode.BusyHere, $"more than {_services.Options.MaxFramesPerSecond} frames per second; the frame was dropped"));
            return;
        }

        if (type != WebSocketMessageType.Binary)
        {
            _services.Metrics.RejectedFrame("malformed");
            Send(ErrorFrames.Reply(0, ILiveErrorCode.ParseFail, "signaling frames are binary protobuf (ClientFrame), not text"));
            return;
        }

        ClientFrame frame;
        try
        {
            frame = ClientFrame.Parser.ParseFrom(bytes.Span);
        }
        catch (InvalidProtocolBufferException)
        {
            SessionLog.MalformedFrame(_services.Logger, Id, bytes.Length);
            _services.Metrics.RejectedFrame("malformed");
            Send(ErrorFrames.Reply(0, ILiveErrorCode.ParseFail, "the frame is not a valid ClientFrame"));
            return;
        }

        var entersRoom = EntersRoom(frame);
        if (entersRoom)
        {
            HoldPushes();
        }

        try
        {
            await AnswerAsync(frame).ConfigureAwait(false);
        }
        finally
        {
            if (entersRoom)
            {
                ReleasePushes();
            }
        }
    }

    /// <summary>Dispatches a request and queues its answer (errors as error answers).</summary>
    private async Task AnswerAsync(ClientFrame frame)
    {
        ServerFrame? reply;
        try
        {
            reply = await DispatchAsync(frame).ConfigureAwait(false);
        }
        catch (LiveException e)
        {
            reply = ErrorFrames.Reply(frame.RequestId, e);
        }
        catch (DbException e) when (IsImRequest(frame, out var group))
        {
            // The message store failed (a store that is down, a disk that is full, a lock held too long): an IMSDK
            // error, as Tencent's IM reported its server failures. A failed send stored nothing.
            SessionLog.RequestFailed(_services.Logger, e, Id, frame.BodyCase.ToString());
            reply = ErrorFrames.Reply(frame.RequestId, ImErrors.StoreFailed(group, $"the server's message store failed ({e.Message}); retry"));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            SessionLog.RequestFailed(_services.Logger, e, Id, frame.BodyCase.ToString());
            reply = ErrorFrames.Reply(frame.RequestId, AVErrorCode.ServerFailed, "the server failed to handle the request; see its log");
        }

        if (reply is not null)
        {
            reply.RequestId = frame.RequestId;
            Send(reply);
            if (frame.BodyCase == ClientFrame.BodyOneofCase.Login && reply.Error is null && _login is { } login)
            {
                DeliverInbox(login); // offline C2C messages follow the login answer, in order
            }
        }
    }

    private Task<ServerFrame?> DispatchAsync(ClientFrame frame)
    {
        if (frame.BodyCase == ClientFrame.BodyOneofCase.Heartbeat)
        {
            return Task.FromResult<ServerFrame?>(new ServerFrame
            {
                Heartbeat = new HeartbeatAck { ClientTimeMs = frame.Heartbeat.ClientTimeMs, ServerTimeMs = _services.Time.GetUtcNow().ToUnixTimeMilliseconds() },
            });
        }

        if (frame.BodyCase == ClientFrame.BodyOneofCase.None)
        {
            // Fields this server does not know are kept as unknown fields: a newer client's request type.
            var bare = new ClientFrame { RequestId = frame.RequestId }.CalculateSize();
            throw frame.CalculateSize() > bare
                ? new LiveException(AVErrorCode.ServerNotImplement, "this server does not know the request type; it may be newer than the server")
                : new LiveException(ILiveErrorCode.InvalidParam, "the frame carries no request");
        }

        if (frame.RequestId == 0)
        {
            throw new LiveException(ILiveErrorCode.InvalidParam, "requests need a request_id above 0");
        }

        if (frame.BodyCase == ClientFrame.BodyOneofCase.Login)
        {
            return LoginAsync(frame.Login);
        }

        var login = _login ?? throw new LiveException(ILiveErrorCode.NotLogin, "log in first");
        return frame.BodyCase switch
        {
            ClientFrame.BodyOneofCase.Logout => LogoutAsync(),
            ClientFrame.BodyOneofCase.RenewUserSig => Task.FromResult<ServerFrame?>(RenewUserSig(login, frame.RenewUserSig)),
            ClientFrame.BodyOneofCase.ResolveUsers => Task.FromResult<ServerFrame?>(ResolveUsers(login, frame.ResolveUsers)),
            ClientFrame.BodyOneofCase.CreateRoom => EnterRoomAsync(login, frame.CreateRoom.RoomId, frame.CreateRoom.Options, creating: true),
            ClientFrame.BodyOneofCase.JoinRoom => EnterRoomAsync(login, frame.JoinRoom.RoomId, frame.JoinRoom.Options, creating: false),
            ClientFrame.BodyOneofCase.SwitchRoom => SwitchRoomAsync(login, frame.SwitchRoom),
            ClientFrame.BodyOneofCase.QuitRoom => QuitRoomAsync(login),
            ClientFrame.BodyOneofCase.DismissRoom => DismissRoomAsync(login),
            ClientFrame.BodyOneofCase.ChangeRole => ChangeRoleAsync(login, frame.ChangeRole),
            ClientFrame.BodyOneofCase.ChangeAuthority => ChangeAuthorityAsync(login, frame.ChangeAuthority),
            ClientFrame.BodyOneofCase.GetMembers => GetMembersAsync(login, frame.GetMembers),
            ClientFrame.BodyOneofCase.SendMessage => SendMessageAsync(login, frame.SendMessage),
            ClientFrame.BodyOneofCase.GetMessages => Task.FromResult<ServerFrame?>(GetMessages(login, frame.GetMessages)),
            ClientFrame.BodyOneofCase.AckInbox => Task.FromResult<ServerFrame?>(AckInbox(login, frame.AckInbox)),
            ClientFrame.BodyOneofCase.MarkRead => Task.FromResult<ServerFrame?>(MarkRead(login, frame.MarkRead)),
            ClientFrame.BodyOneofCase.GetUnread => Task.FromResult<ServerFrame?>(GetUnread(login)),
            ClientFrame.BodyOneofCase.InviteCoHost => InviteCoHostAsync(login, frame.InviteCoHost),
            ClientFrame.BodyOneofCase.Publish => PublishAsync(login, frame.Publish),
            ClientFrame.BodyOneofCase.SubscriberAnswer => AnswerSubscriberAsync(login, frame.SubscriberAnswer),
            ClientFrame.BodyOneofCase.RequestViews => RequestViewsAsync(login, frame.RequestViews),
            ClientFrame.BodyOneofCase.CancelViews => CancelViewsAsync(login),
            ClientFrame.BodyOneofCase.Trickle => Task.FromResult(Trickle(frame.Trickle)),
            ClientFrame.BodyOneofCase.GetMediaStats => GetMediaStatsAsync(login),
            ClientFrame.BodyOneofCase.CancelCoHostInvite => OwnerActionAsync(grain => grain.CancelCoHostInvite(login.UserId, Id, frame.CancelCoHostInvite.UserId)),
            ClientFrame.BodyOneofCase.AnswerCoHostInvite => AnswerCoHostInviteAsync(login, frame.AnswerCoHostInvite),
            ClientFrame.BodyOneofCase.KickMember => OwnerActionAsync(grain => grain.KickMember(login.UserId, Id, frame.KickMember.UserId, frame.KickMember.Reason)),
            ClientFrame.BodyOneofCase.MuteMember => OwnerActionAsync(grain => grain.MuteMember(
                login.UserId, Id, frame.MuteMember.UserId, frame.MuteMember.Seconds == 0 ? null : _services.Time.GetUtcNow().AddSeconds(frame.MuteMember.Seconds))),
            _ => throw new LiveException(AVErrorCode.ServerNotImplement, $"{frame.BodyCase} is not supported by this server"),
        };
    }

    /// <summary>Queues a frame for the writer; a client that stops reading is disconnected rather than buffered without end.</summary>
    private void Send(ServerFrame frame) => Send(new OutgoingFrame(frame, null));

    private void Send(OutgoingFrame frame)
    {
        if (!_outbox.Writer.TryWrite(frame) && _closeRequest is null)
        {
            RequestClose(WebSocketCloseStatus.PolicyViolation, "the client is not reading its frames");
            Abort();
        }
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

    /// <summary>The node is shutting down: say so with a close frame (1001), then stop after a grace period.</summary>
    public void Shutdown()
    {
        RequestClose(WebSocketCloseStatus.EndpointUnavailable, "the server is shutting down");
        // A network grace period, not product logic: on the real clock, so a fake clock in tests cannot stall shutdown.
        _ = Task.Delay(CloseGrace, TimeProvider.System).ContinueWith(static (_, state) => ((SignalingSession)state!).Abort(), this, TaskScheduler.Default);
    }

    /// <summary>Stops the session's loops; safe after disposal (a late writer or timer may call it).</summary>
    private void Abort()
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

    private void RequestClose(WebSocketCloseStatus status, string description)
    {
        lock (_gate)
        {
            _closeRequest ??= (status, description);
        }

        _outbox.Writer.TryComplete();
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
                await Task.Delay(CloseGrace, _services.Time, cancellation).ConfigureAwait(false);
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
