using OpenLive.Core.Auth;
using OpenLive.Core.Errors;
using OpenLive.Core.Rooms;
using OpenLive.Rtc.Client;
using OpenLive.Sdk;
using OpenLive.Sdk.Im;
using OpenLive.Sdk.Media;
using OpenLive.Sdk.Rooms;

namespace OpenLive.Cli.Load;

/// <summary>How a member's start ended.</summary>
internal enum LoadStart
{
    Joined,
    Failed,
    Canceled,
}

/// <summary>
/// One room member of <c>openlive load</c>: a <see cref="LiveClient"/> that logs in to its server, enters the room in its
/// role, publishes synthetic audio and camera (host, co-host), sends chat, and reports what it sees as JSON lines.
/// </summary>
internal sealed class LoadMember(LoadSettings settings, string user, LoadRole role, Uri server, IReadOnlyList<Uri> fallbacks, UserSigGenerator sigs, LoadReport report) : IAsyncDisposable
{
    // A ticket lifetime that outlasts any run; the members renew nothing.
    private const long TicketSeconds = 7 * 24 * 3600;

    // How often a member that is not the host asks again for a room that does not exist yet.
    private static readonly TimeSpan JoinRetry = TimeSpan.FromMilliseconds(200);

    private readonly ReceivedTracks _received = new();
    private readonly CancellationTokenSource _running = new();
    private readonly Lock _gate = new();
    private readonly List<Task> _pendingSends = [];
    private readonly List<Task> _loops = [];
    private LiveClient? _client;
    private CancellationTokenSource? _media; // the current publisher's sources: cancelled when the room's media moves
    private LiveRoom? _room;
    private volatile bool _stopping;
    private long _sent;
    private long _acked;
    private long _chatReceived;

    public string User => user;

    public LoadRole Role => role;

    public bool Joined { get; private set; }

    public long Sent => Interlocked.Read(ref _sent);

    public long Acked => Interlocked.Read(ref _acked);

    public long ChatReceived => Interlocked.Read(ref _chatReceived);

    public long FramesReceived => _received.Snapshot().Sum(t => t.Frames);

    public static string RoleName(LoadRole role) => role switch
    {
        LoadRole.Host => "host",
        LoadRole.CoHost => "cohost",
        _ => "viewer",
    };

    /// <summary>Logs in, enters the room and (host, co-host) publishes; reports the failure as an error line.</summary>
    public async Task<LoadStart> StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            _client = new LiveClient(new LiveClientOptions { ServerUrl = server, FallbackServerUrls = fallbacks, SdkAppId = settings.AppId, MediaLocalAddress = settings.MediaAddress });
            await _client.LoginAsync(user, sigs.GenUserSig(user, TicketSeconds), cancellationToken).ConfigureAwait(false);
            var room = await EnterAsync(_client, cancellationToken).ConfigureAwait(false);
            Watch(_client, room);
            if (role != LoadRole.Viewer)
            {
                var publisher = await room.PublishAsync(new LivePublishOptions { Audio = true, Camera = true }, cancellationToken).ConfigureAwait(false);
                StartMedia(publisher);
            }

            Joined = true;
            report.Member(new MemberLine(user, RoleName(role), server.ToString(), "joined"));
            return LoadStart.Joined;
        }
        catch (LiveException e) when (!cancellationToken.IsCancellationRequested)
        {
            report.Error(new ErrorLine(user, e.Code, e.Module, e.Message));
            return LoadStart.Failed;
        }
        catch (RtcConnectionException e) when (!cancellationToken.IsCancellationRequested)
        {
            // The SDK's publish lets its media connection's failure through as is (ICE or DTLS did not complete, e.g.
            // the server's media port is unreachable from --media-address). Reported as the SDK's generic failure
            // (8020) until the SDK maps it to a code of its own.
            var failure = new LiveException($"the media connection failed: {e.Message}", e);
            report.Error(new ErrorLine(user, failure.Code, failure.Module, failure.Message));
            return LoadStart.Failed;
        }
        catch (Exception e) when (e is OperationCanceledException or LiveException or RtcConnectionException && cancellationToken.IsCancellationRequested)
        {
            return LoadStart.Canceled; // stopped (or another member failed) before this one was in
        }
    }

    /// <summary>Sends <c>{user}#{seq}</c> to the room every <paramref name="interval"/> until stopped.</summary>
    public void StartChat(TimeSpan interval)
    {
        lock (_gate)
        {
            _loops.Add(ChatAsync(interval, _running.Token));
        }
    }

    /// <summary>One frames line: cumulative counts per remote track.</summary>
    public void ReportFrames() => report.Frames(new FramesLine(user, _received.Snapshot()));

    /// <summary>From now on, state changes are the run's own doing (quitting, logging out) and are not reported.</summary>
    public void BeginStop()
    {
        _stopping = true;
        _running.Cancel();
    }

    /// <summary>Stops sending, lets the last chat sends finish, quits the room, logs out; bounded by <paramref name="cancellationToken"/>.</summary>
    /// <remarks>The caller disposes the member afterwards.</remarks>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        BeginStop();
        Task[] loops;
        lock (_gate)
        {
            loops = [.. _loops, .. _pendingSends];
        }

        await Task.WhenAll(loops).WaitAsync(cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
        if (_client is not { } client)
        {
            return;
        }

        try
        {
            if (client.CurrentRoom is not null)
            {
                await client.QuitRoomAsync(cancellationToken).ConfigureAwait(false);
            }

            if (client.IsLoggedIn)
            {
                await client.LogoutAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is LiveException or OperationCanceledException)
        {
            // Out of the room or offline already (the host ended the room, the server went away), or out of time:
            // disposing closes whatever is left.
        }
    }

    /// <summary>Closes the client (its connections) whatever state it is in.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_client is { } client)
        {
            await client.DisposeAsync().ConfigureAwait(false);
        }

        _running.Dispose();
        _media?.Dispose();
    }

    private async Task<LiveRoom> EnterAsync(LiveClient client, CancellationToken cancellationToken)
    {
        if (role == LoadRole.Host)
        {
            var host = LiveRoomOptions.Host();
            host.PrivateMapKey = PrivateMapKey(AuthBits.All);
            return await client.CreateRoomAsync(settings.Room, host, cancellationToken).ConfigureAwait(false);
        }

        var options = role == LoadRole.CoHost
            ? new LiveRoomOptions { ControlRole = "LiveGuest", AutoCamera = true, AutoMic = true, PrivateMapKey = PrivateMapKey(AuthBits.CoHost) }
            : LiveRoomOptions.Audience();
        if (role == LoadRole.Viewer)
        {
            options.PrivateMapKey = PrivateMapKey(AuthBits.Audience);
        }

        // The host may be another process, or slower to start: the room appears when it creates it.
        var waited = report.Time.GetTimestamp();
        while (true)
        {
            try
            {
                return await client.JoinRoomAsync(settings.Room, options, cancellationToken).ConfigureAwait(false);
            }
            catch (LiveException e) when (e.Is(AVErrorCode.ServerRoomNotExist) && report.Time.GetElapsedTime(waited) < settings.JoinTimeout)
            {
                await Task.Delay(JoinRetry, report.Time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    // Every member gets a privateMapKey for its role's bits, signed here as an app backend would: a co-host needs one
    // to join with send bits (no owner's invitation needed), and an app that requires privateMapKeys admits no one without.
    private string PrivateMapKey(AuthBits bits) => settings.RoomText is null
        ? sigs.GenPrivateMapKey(user, TicketSeconds, settings.RoomNumber, bits)
        : sigs.GenPrivateMapKey(user, TicketSeconds, settings.RoomText, bits);

    private void Watch(LiveClient client, LiveRoom room)
    {
        _room = room;

        // Subscribed as soon as the room is returned: the first RemoteTrackAdded needs the server's reply to the
        // subscriber answer, a network round trip after the join's reply, so none is raised before this.
        room.RemoteTrackAdded += (_, e) => _received.Add(e.UserId, e.Source, e.Transceiver);
        room.MessageReceived += (_, e) => OnMessage(e.Message);
        room.MediaReconnected += (_, e) =>
        {
            if (e.Publisher is { } publisher && !_stopping)
            {
                StartMedia(publisher); // the old publisher is closed: its sources stop, new ones feed the new one
            }

            report.Media(new MediaLine(user, e.MediaEpoch, e.Publisher is not null));
        };
        room.Ended += (_, e) =>
        {
            if (!_stopping)
            {
                var reason = e.Dismissed ? "dismissed" : e.SessionEnded ? "session ended" : e.Error?.Message;
                report.State(new StateLine(user, "RoomEnded", reason, e.Error?.Module, e.Error?.Code));
            }
        };
        client.ConnectionStateChanged += (_, e) =>
        {
            if (!_stopping && e.State != ConnectionState.Connecting)
            {
                report.State(new StateLine(user, e.State.ToString(), e.Error?.Message, e.Error?.Module, e.Error?.Code));
            }
        };
        client.ForcedOffline += (_, e) => report.Error(new ErrorLine(user, e.Reason.Code, e.Reason.Module, e.Reason.Message));
    }

    private void OnMessage(ReceivedMessage message)
    {
        if (message.Sender == user || message.Command is not null)
        {
            return;
        }

        Interlocked.Increment(ref _chatReceived);
        report.Chat(new ChatLine(user, message.Sender, message.Text));
    }

    private void StartMedia(LivePublisher publisher)
    {
        var sources = CancellationTokenSource.CreateLinkedTokenSource(_running.Token);
        if (Interlocked.Exchange(ref _media, sources) is { } previous)
        {
            previous.Cancel();
            previous.Dispose();
        }
        var token = sources.Token;
        var camera = new SyntheticVideoSource(framesPerSecond: 15, bitrate: 400_000, width: 640, height: 360, time: report.Time);
        var audio = new SyntheticAudioSource(time: report.Time);
        lock (_gate)
        {
            _loops.Add(camera.RunAsync(publisher.Connection, publisher.Camera!, token));
            _loops.Add(audio.RunAsync(publisher.Connection, publisher.Audio!, token));
        }
    }

    private async Task ChatAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval, report.Time);
        long seq = 0;
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                if (_room is not { } room)
                {
                    return;
                }

                // Not awaited: a send that waits for its acknowledgement (a reconnecting session) must not hold up the
                // next ones, whose timing is what a failover measurement compares.
                var send = SendAsync(room, ++seq);
                lock (_gate)
                {
                    _pendingSends.RemoveAll(t => t.IsCompleted);
                    _pendingSends.Add(send);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped.
        }
    }

    private async Task SendAsync(LiveRoom room, long seq)
    {
        Interlocked.Increment(ref _sent);
        var started = report.Time.GetTimestamp();
        try
        {
            await room.SendMessageAsync(LiveMessage.Text($"{user}#{seq}")).ConfigureAwait(false);
            Interlocked.Increment(ref _acked);
            report.Sent(new SentLine(user, seq, Acked: true, Error: null, Module: null, ElapsedMs(started)));
        }
        catch (LiveException e)
        {
            report.Sent(new SentLine(user, seq, Acked: false, e.Code, e.Module, ElapsedMs(started)));
        }
    }

    private long ElapsedMs(long started) => (long)report.Time.GetElapsedTime(started).TotalMilliseconds;
}
