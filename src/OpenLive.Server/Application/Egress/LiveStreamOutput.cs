using Microsoft.Extensions.Logging;
using OpenLive.Egress.Ffmpeg;
using OpenLive.Egress.Media;
using OpenLive.Egress.Recording;
using OpenLive.Server.Webhooks;
using OpenLive.Sfu;

namespace OpenLive.Server.Application.Egress;

/// <summary>
/// The live outputs of a channel — HLS served by this node, RTMP push to the app's ingests — for one member's stream.
/// The member's tracks are recorded as for a file, through a <see cref="MemberRecording"/> on the node's worker, but
/// into no file: the writer's container (WebM, or fragmented MP4 for H.264) is the live feed ffmpeg reads over its
/// stdin (<see cref="MemberRecording.LiveFeed"/>), started once the recording has its tracks. ffmpeg passes H.264
/// through and transcodes VP8/VP9/AV1 to H.264 and Opus to AAC (<see cref="LiveOutputs"/>).
/// </summary>
/// <remarks>
/// The output ends when the member's stream ends for good (stop, member gone, room ended) or when ffmpeg gives up
/// (restarts exhausted, ffmpeg missing): then <c>egress.ended</c> carries the error, and the room is unaffected.
/// </remarks>
internal sealed partial class LiveStreamOutput : IEgressChannelOutput, IRecordingOutputs, IRecordingObserver
{
    private readonly EgressRequest _request;
    private readonly ulong _channelId;
    private readonly LiveOutputs _live;
    private readonly IWebhooks _webhooks;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly MemberTaps _taps = new();
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _gate = new();
    private readonly List<LiveOutput> _outputs = [];
    private MemberRecording? _recording;
    private string? _stopReason;
    private string? _error;
    private bool _ended;

    /// <summary>How long ffmpeg waits at most for media the node has (a WebM cluster's or MP4 fragment's length).</summary>
    internal static readonly TimeSpan LiveChunkDuration = TimeSpan.FromMilliseconds(500);

    public LiveStreamOutput(EgressRequest request, ulong channelId, EgressOutputs kinds, LiveOutputs live, IWebhooks webhooks, TimeProvider time, ILogger logger)
    {
        _request = request;
        _channelId = channelId;
        Kind = kinds & (EgressOutputs.Hls | EgressOutputs.Rtmp);
        _live = live;
        _webhooks = webhooks;
        _time = time;
        _logger = logger;
    }

    public EgressOutputs Kind { get; }

    public Task Completion => _completion.Task;

    /// <summary>The ffmpeg outputs running now (tests, the admin API).</summary>
    public IReadOnlyList<LiveOutput> Outputs
    {
        get
        {
            lock (_gate)
            {
                return [.. _outputs];
            }
        }
    }

    /// <summary>Taps the member's tracks and hands the (file-less) recording to the worker; the media error when the room refuses a tap.</summary>
    public MediaError? Start(MediaRoom media, RecordingWorker worker, RecordingOptions options)
    {
        if (_taps.Open(media, _request, options, _time) is { } error)
        {
            return error;
        }

        // A GOP no longer than a segment, so ffmpeg copying H.264 can cut segments on time; short clusters, so ffmpeg
        // transcoding VP8 gets the frames within half a second rather than when a 5 s cluster closes.
        _recording = new MemberRecording(_taps.Inputs, this, options, _time, this)
        {
            LiveKeyframeInterval = _live.KeyframeInterval, MaxChunkDuration = LiveChunkDuration,
        };
        worker.Add(_recording);
        return null;
    }

    public void Stop(string reason)
    {
        Interlocked.CompareExchange(ref _stopReason, reason, null);
        _taps.Dispose();
        _recording?.Stop(reason);
        _ = StopOutputsAsync();
    }

    // Nothing is kept: the container exists only as the live feed.
    Stream IRecordingOutputs.Create(RecordingContainer container) => Stream.Null;

    void IRecordingOutputs.Closed(RecordingContainer container, bool failed)
    {
    }

    void IRecordingObserver.OnStarted(MemberRecording recording, RecordingContainer container, IReadOnlyList<EgressTrack> tracks)
    {
        // Called on the recording worker's thread: ffmpeg is started from the thread pool, never on it.
        var feed = recording.LiveFeed;
        if (feed is null)
        {
            return;
        }

        _ = Task.Run(() => StartOutputs(feed));
    }

    void IRecordingObserver.OnEnded(MemberRecording recording, RecordingResult result)
    {
        // The stream ended (stopped, the member gone, or the recording failed): the writer's end ends ffmpeg's input,
        // so its outputs finish their files (the HLS playlist gets its end) and the output is done.
        _taps.Dispose();
        if (result.Error is not null)
        {
            Fail(result.Error);
        }

        _ = StopOutputsAsync();
    }

    private void StartOutputs(ILiveFeedSource feed)
    {
        var started = new List<LiveOutput>();
        string? problem = null;
        if ((Kind & EgressOutputs.Hls) != 0)
        {
            var hls = _live.StartHls(_request.AppId, _request.RoomId, _request.MemberId, feed);
            started.AddRange(hls.Outputs);
            problem ??= hls.Problem;
        }

        if ((Kind & EgressOutputs.Rtmp) != 0 && problem is null)
        {
            var rtmp = _live.StartRtmp(_request.AppId, feed);
            started.AddRange(rtmp.Outputs);
            problem ??= rtmp.Problem;
        }

        bool late;
        lock (_gate)
        {
            // Stopped while ffmpeg was being started: these outputs were never seen by StopOutputsAsync.
            late = _ended;
            if (!late)
            {
                _outputs.AddRange(started);
            }
        }

        foreach (var output in started)
        {
            if (late)
            {
                _ = output.StopAsync();
                continue;
            }

            LogOutputStarted(_channelId, _request.MemberId, output.Url);
            _ = WatchAsync(output);
        }

        if (problem is not null)
        {
            Fail(problem);
            Stop("a live output could not start");
        }
    }

    /// <summary>An ffmpeg output that ends on its own with an error (ffmpeg missing, restarts exhausted) ends the channel's live outputs.</summary>
    private async Task WatchAsync(LiveOutput output)
    {
        var ended = await output.Ffmpeg.Completion.ConfigureAwait(false);
        if (ended.Error is { } error && _stopReason is null)
        {
            Fail($"{output.Url}: {error} ({ended.Reason})");
            Stop("a live output failed");
        }
    }

    private void Fail(string error)
    {
        Interlocked.CompareExchange(ref _error, error, null);
    }

    private async Task StopOutputsAsync()
    {
        LiveOutput[] outputs;
        lock (_gate)
        {
            if (_ended)
            {
                return;
            }

            _ended = true;
            outputs = [.. _outputs];
        }

        try
        {
            await Task.WhenAll(outputs.Select(o => o.StopAsync())).ConfigureAwait(false);
        }
        finally
        {
            End();
        }
    }

    private void End()
    {
        var error = Volatile.Read(ref _error);
        if (error is null)
        {
            LogEnded(_channelId, _request.MemberId, _stopReason ?? "the stream ended");
        }
        else
        {
            LogFailed(_channelId, _request.MemberId, error);
        }

        if (_webhooks.Enabled)
        {
            _webhooks.Publish(new WebhookEvent("egress.ended", _request.AppId, _time.GetUtcNow().ToUnixTimeSeconds(), UserId: _request.MemberId, RoomId: _request.RoomId,
                Egress: new WebhookEgress(_channelId, _request.MemberId, EgressOutputNames.Of(Kind), Error: error, Reason: _stopReason)));
        }

        _completion.TrySetResult();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Egress {ChannelId}: live output of {MemberId} started: {Url}")]
    private partial void LogOutputStarted(ulong channelId, string memberId, string url);

    [LoggerMessage(Level = LogLevel.Information, Message = "Egress {ChannelId}: live outputs of {MemberId} ended ({Reason})")]
    private partial void LogEnded(ulong channelId, string memberId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Egress {ChannelId}: live outputs of {MemberId} ended with an error: {Error}")]
    private partial void LogFailed(ulong channelId, string memberId, string error);
}
