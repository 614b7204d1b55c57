using System.Data.Common;
using System.Net.WebSockets;
using Google.Protobuf;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenLive.Core.Errors;
using OpenLive.Protocol.V1;
using OpenLive.Server.Application.Login;
using OpenLive.Server.Application.Messaging;
using OpenLive.Server.Application.Sessions;
using OpenLive.Server.Grains;
using OpenLive.Server.Hosting;
using OpenLive.Server.Observability;
using OpenLive.Server.Wire;
using Orleans.Concurrency;

namespace OpenLive.Server.Edges.Signaling;

/// <summary>
/// One client's signaling session over its WebSocket: the <see cref="SignalingConnection"/> moves frames, the
/// <see cref="SignalingRouter"/> answers requests, <see cref="ClientSession"/> holds the login and room. This class ties
/// them together: it is what grains push to (<see cref="ISessionObserver"/>), it orders the answer of a room entry before
/// the room's pushes, it ends the session at ticket expiry (8051) or on kick-out (8050), and it parks or leaves the
/// room when the connection ends. Malformed input is answered with 8052 and never affects other sessions.
/// </summary>
internal sealed class SignalingSession : ISessionObserver, IDisposable
{
    private readonly SignalingConnection _connection;
    private readonly SignalingRouter _router;
    private readonly LoginService _login;
    private readonly MessagingService _messaging;
    private readonly NodeFanout _fanout;
    private readonly ServerOptions _options;
    private readonly TimeProvider _time;
    private readonly ServerMetrics _metrics;
    private readonly ILogger _logger;
    private readonly RateLimiter _rate;
    private readonly Lock _timerGate = new();
    private ITimer? _sigExpiry;

    /// <summary>Made per connection by a factory from <c>ActivatorUtilities</c>: the socket is the one argument DI does not provide.</summary>
    public SignalingSession(WebSocket socket, SignalingRouter router, LoginService login, MessagingService messaging, NodeFanout fanout,
        IOptions<ServerOptions> options, [FromKeyedServices(ServerClock.Key)] TimeProvider time, ServerMetrics metrics, ILogger<SignalingSession> logger)
    {
        _router = router;
        _login = login;
        _messaging = messaging;
        Inbox = new InboxDelivery(messaging);
        _fanout = fanout;
        _options = options.Value;
        _time = time;
        _metrics = metrics;
        _logger = logger;
        State = new ClientSession(this, () => fanout.Reference, metrics);
        _connection = new SignalingConnection(socket, State.Id, _options, time, metrics, logger) { HasLoggedIn = () => State.HasLoggedIn };
        _rate = new RateLimiter(_options.MaxFramesPerSecond, time);
    }

    /// <summary>The paced delivery of the offline inbox after login, and the acknowledgements it expects.</summary>
    public InboxDelivery Inbox { get; }

    /// <summary>The session's login and room, as the application services see them.</summary>
    public ClientSession State { get; }

    public Guid Id => State.Id;

    public void Dispose()
    {
        CancelSigExpiry();
        _connection.Dispose();
    }

    public async Task RunAsync()
    {
        _metrics.SessionOpened();
        _fanout.Register(this);
        try
        {
            await _connection.RunAsync(OnMessageAsync, OnEndedAsync).ConfigureAwait(false);
        }
        finally
        {
            _metrics.SessionClosed();
            _fanout.Unregister(this);
        }
    }

    /// <summary>The node is shutting down: a close frame (1001), then the end.</summary>
    public void Shutdown() => _connection.Shutdown();

    private async Task OnMessageAsync(WebSocketMessageType type, ReadOnlyMemory<byte> bytes)
    {
        if (!_rate.TryAcquire() && !IsExpectedAcknowledgement(type, bytes))
        {
            _metrics.RejectedFrame("rate_limited");
            _connection.Send(ErrorFrames.Reply(0, ILiveErrorCode.BusyHere, $"more than {_options.MaxFramesPerSecond} frames per second; the frame was dropped"));
            return;
        }

        if (type != WebSocketMessageType.Binary)
        {
            _metrics.RejectedFrame("malformed");
            _connection.Send(ErrorFrames.Reply(0, ILiveErrorCode.ParseFail, "signaling frames are binary protobuf (ClientFrame), not text"));
            return;
        }

        ClientFrame frame;
        try
        {
            frame = ClientFrame.Parser.ParseFrom(bytes.Span);
        }
        catch (InvalidProtocolBufferException)
        {
            SignalingLog.MalformedFrame(_logger, Id, bytes.Length);
            _metrics.RejectedFrame("malformed");
            _connection.Send(ErrorFrames.Reply(0, ILiveErrorCode.ParseFail, "the frame is not a valid ClientFrame"));
            return;
        }

        var entersRoom = SignalingRouter.EntersRoom(frame);
        if (entersRoom)
        {
            _connection.HoldPushes();
        }

        try
        {
            var reply = await _router.AnswerAsync(this, frame).ConfigureAwait(false);
            _connection.Send(reply);
            if (frame.BodyCase == ClientFrame.BodyOneofCase.Login && reply.Error is null && State.Login is { } login)
            {
                DeliverInbox(() => Inbox.Start(login)); // offline C2C messages follow the login answer, in order
            }
            else if (frame.BodyCase == ClientFrame.BodyOneofCase.AckInbox)
            {
                DeliverInbox(Inbox.NextPage); // the client caught up: the next page, if the window allows
            }
        }
        finally
        {
            if (entersRoom)
            {
                _connection.ReleasePushes();
            }
        }
    }

    /// <summary>Pushes a page of the offline inbox; what a failing store did not give is tried again at the next acknowledgement or login.</summary>
    private void DeliverInbox(Func<IReadOnlyList<Message>> page)
    {
        try
        {
            foreach (var message in page())
            {
                _connection.Send(new ServerFrame { Message = message });
            }
        }
        catch (DbException e)
        {
            SignalingLog.RequestFailed(_logger, e, Id, "DeliverInbox");
        }
    }

    /// <summary>
    /// Over the frame rate, an acknowledgement of an inbox message the server pushed still counts: the server asked for
    /// it (one per message), and dropping it would stall the paced inbox delivery. Only small frames are looked at.
    /// </summary>
    private bool IsExpectedAcknowledgement(WebSocketMessageType type, ReadOnlyMemory<byte> bytes)
    {
        const int LargestAcknowledgement = 32; // request_id and inbox_seq varints with their tags
        if (type != WebSocketMessageType.Binary || bytes.Length > LargestAcknowledgement)
        {
            return false;
        }

        try
        {
            var frame = ClientFrame.Parser.ParseFrom(bytes.Span);
            return frame.BodyCase == ClientFrame.BodyOneofCase.AckInbox && Inbox.ExpectsAcknowledgement(frame.AckInbox.InboxSeq);
        }
        catch (InvalidProtocolBufferException)
        {
            return false;
        }
    }

    /// <summary>The connection ended: a deliberate close leaves the room, a dropped connection keeps the seat for a resume.</summary>
    private Task OnEndedAsync()
    {
        CancelSigExpiry();
        return _login.EndAsync(State, keepSeat: !_connection.EndedByClient);
    }

    /// <inheritdoc />
    public Task ForceOffline(SessionEndReason reason)
    {
        EndSession(new LiveException(reason.Module, reason.Code, null, reason.Detail), detach: false);
        return Task.CompletedTask;
    }

    /// <summary>A room event from the node's fan-out (<see cref="NodeFanout"/>): bytes serialized once for every member.</summary>
    public void Push(Immutable<byte[]> frame) => _connection.SendPush(new OutgoingFrame(null, frame.Value));

    /// <inheritdoc />
    public Task Deliver(ChatMessage message)
    {
        if (message.InboxSeq > 0)
        {
            Inbox.Pushed(message.InboxSeq);
        }

        _connection.SendPush(new OutgoingFrame(new ServerFrame { Message = Im.ImFrames.ToWire(message) }, null));
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task CallEvent(Immutable<byte[]> frame)
    {
        _connection.SendPush(new OutgoingFrame(null, frame.Value));
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task SubscriberOffer(SubscriberOfferPush offer)
    {
        _connection.SendPush(new OutgoingFrame(new ServerFrame { SubscriberOffer = RoomWire.SubscriberOffer(offer) }, null));
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task RoomClosed(RoomClosure closure)
    {
        lock (State.Gate)
        {
            if (State.Room?.Key == closure.RoomKey)
            {
                State.SetRoomLocked(null);
            }
        }

        _connection.SendPush(new OutgoingFrame(RoomWire.RoomClosed(closure), null));
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<ParkedSeat?> Supersede(DateTimeOffset until)
    {
        var seat = LoginService.Supersede(State, until);
        CancelSigExpiry();
        _connection.RequestClose(WebSocketCloseStatus.NormalClosure, "the session was resumed on a new connection");
        return Task.FromResult(seat);
    }

    /// <summary>Pushes the reason, forgets the login and closes the connection after the push is sent.</summary>
    private void EndSession(LiveException reason, bool detach)
    {
        if (_login.BeginForcedEnd(State, reason) is not { } login)
        {
            return;
        }

        CancelSigExpiry();
        _connection.Send(new ServerFrame { ForceOffline = new ForceOffline { Reason = ErrorFrames.ToWire(reason) } });
        _connection.RequestClose(WebSocketCloseStatus.NormalClosure, $"{reason.Module} {reason.Code}");
        _ = _login.LeaveAfterForcedEndAsync(State, login, detach);
    }

    /// <summary>Arms the expiry timer: Tencent's rule is expired when now &gt; time + expire, so it fires one second after.</summary>
    public void ScheduleSigExpiry(long expiresAtUnixSeconds)
    {
        var due = DateTimeOffset.FromUnixTimeSeconds(Math.Min(expiresAtUnixSeconds + 1, DateTimeOffset.MaxValue.ToUnixTimeSeconds() - 1)) - _time.GetUtcNow();
        if (due < TimeSpan.Zero)
        {
            due = TimeSpan.Zero;
        }

        // Timers take at most ~49 days; a longer-lived ticket is re-armed when that first period ends.
        var period = TimeSpan.FromDays(40);
        lock (_timerGate)
        {
            _sigExpiry?.Dispose();
            _sigExpiry = _time.CreateTimer(
                static state => ((SignalingSession)state!).OnSigExpiryTimer(),
                this,
                due < period ? due : period,
                Timeout.InfiniteTimeSpan);
        }
    }

    public void CancelSigExpiry()
    {
        lock (_timerGate)
        {
            _sigExpiry?.Dispose();
            _sigExpiry = null;
        }
    }

    private void OnSigExpiryTimer()
    {
        var login = State.Login;
        if (login is null)
        {
            return;
        }

        if (_time.GetUtcNow().ToUnixTimeSeconds() <= login.SigExpiresAt)
        {
            ScheduleSigExpiry(login.SigExpiresAt);
            return;
        }

        EndSession(new LiveException(ILiveErrorCode.Expire, "the userSig expired during the session; renew it before expiry"), detach: true);
    }
}
