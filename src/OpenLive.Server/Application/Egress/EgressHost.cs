using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenLive.Core.Errors;
using OpenLive.Egress.Recording;
using OpenLive.Server.Grains;
using OpenLive.Server.Hosting;
using OpenLive.Server.Webhooks;
using OpenLive.Sfu;

namespace OpenLive.Server.Application.Egress;

/// <summary>
/// This node's egress: channels of recordings (in-process, no transcoding, on the node's one
/// <see cref="RecordingWorker"/>) and live outputs (HLS served here, RTMP push; ffmpeg per output, see
/// <see cref="LiveStreamOutput"/>) for rooms whose media this node hosts. A channel is the list of its outputs.
/// </summary>
internal sealed partial class EgressHost : IEgressHost, IAsyncDisposable
{
    private readonly RecordingStorageOptions _options;
    private readonly RecordingOptions _pipeline;
    private readonly IWebhooks _webhooks;
    private readonly LiveOutputs _live;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly Dictionary<ulong, RunningChannel> _channels = [];
    private readonly Lazy<RecordingWorker> _worker;
    private long _nextChannel;
    private int _disposed;

    public EgressHost(
        IOptions<RecordingStorageOptions> options,
        IOptions<ServerOptions> server,
        IWebhooks webhooks,
        LiveOutputs live,
        [FromKeyedServices(ServerClock.Key)] TimeProvider time,
        ILoggerFactory loggers)
    {
        _options = options.Value;
        RecordingsDirectory = _options.ResolveDirectory(server.Value.DataDirectory);
        _pipeline = new RecordingOptions { TrackWait = _options.TrackWait, DrainInterval = _options.DrainInterval };
        _webhooks = webhooks;
        _live = live;
        _time = time;
        _loggers = loggers;
        _logger = loggers.CreateLogger<EgressHost>();
        // Channel ids stay unique across restarts of the node (they are part of file names): milliseconds since the
        // epoch, shifted to leave room for 1,024 channels a millisecond.
        _nextChannel = time.GetUtcNow().ToUnixTimeMilliseconds() << 10;
        // Media runs on the real clock whatever the control plane's is (as the SFU does).
        _worker = new Lazy<RecordingWorker>(() =>
        {
            var worker = new RecordingWorker(_pipeline, TimeProvider.System, loggers.CreateLogger<RecordingWorker>());
            worker.Start();
            return worker;
        });
    }

    /// <summary>The recordings directory (absolute).</summary>
    public string RecordingsDirectory { get; }

    public EgressStart Start(MediaRoom media, EgressRequest request)
    {
        ArgumentNullException.ThrowIfNull(media);
        ArgumentNullException.ThrowIfNull(request);
        if (request.Outputs == EgressOutputs.None || (request.Outputs & ~(EgressOutputs.Record | EgressOutputs.Hls | EgressOutputs.Rtmp)) != 0)
        {
            return Refuse(AVErrorCode.InvalidArgument, "no egress output asked for");
        }

        if ((request.Outputs & EgressOutputs.Rtmp) != 0 && request.RtmpUrls.Count == 0)
        {
            return Refuse(AVErrorCode.InvalidArgument, "RTMP push needs an ingest configured for the app");
        }

        var startedAt = _time.GetUtcNow();
        ulong channelId;
        lock (_gate)
        {
            if (_channels.Count >= _options.MaxRecordings)
            {
                return Refuse(AVErrorCode.ServerAllocResourceFailed, $"this node runs at most {_options.MaxRecordings} egress channels at once");
            }

            if (_channels.Values.FirstOrDefault(c => c.Request.RoomKey == request.RoomKey && c.Request.MemberId == request.MemberId
                && c.Request.Video == request.Video && c.Request.AudioOnly == request.AudioOnly && (c.Request.Outputs & request.Outputs) != 0) is { } running)
            {
                return Refuse(AVErrorCode.HasInTheState, $"this stream of the member already has {running.Request.Outputs & request.Outputs} running (channel {running.Id})");
            }

            channelId = (ulong)Interlocked.Increment(ref _nextChannel);
        }

        var outputs = new List<IEgressChannelOutput>(2);
        var urls = new List<EgressUrl>();
        string[] fileIds = [];
        RecordingOutput? recording = null;
        LiveStreamOutput? live = null;
        if ((request.Outputs & EgressOutputs.Record) != 0)
        {
            var fileId = RecordingLayout.FileStem(request.AppId, request.RoomId, request.MemberId, startedAt, channelId);
            recording = new RecordingOutput(RecordingsDirectory, request, channelId, fileId, startedAt, _webhooks, _time, _loggers.CreateLogger<RecordingOutput>());
            outputs.Add(recording);
            fileIds = [fileId];
        }

        if ((request.Outputs & (EgressOutputs.Hls | EgressOutputs.Rtmp)) != 0)
        {
            live = new LiveStreamOutput(request, channelId, request.Outputs, _live, _webhooks, _time, _loggers.CreateLogger<LiveStreamOutput>());
            outputs.Add(live);
            if ((request.Outputs & EgressOutputs.Hls) != 0)
            {
                urls.Add(new EgressUrl(EgressOutputs.Hls, LiveOutputPaths.PlaylistUrl(request.AppId, request.RoomId, request.MemberId)));
            }

            foreach (var url in request.RtmpUrls)
            {
                // Shown without the stream key (a credential): the answer goes to clients.
                urls.Add(new EgressUrl(EgressOutputs.Rtmp, EgressOptionValues.WithoutCredentials(url)));
            }
        }

        var info = new EgressInfo(channelId, request, urls, fileIds, startedAt);
        var channel = new RunningChannel(info, outputs);
        lock (_gate)
        {
            _channels.Add(channelId, channel);
        }

        var refused = recording?.Start(media, _worker.Value, _pipeline);
        refused ??= live?.Start(media, _worker.Value, _pipeline);
        if (refused is not null)
        {
            Remove(channelId);
            channel.Stop("a tap was refused");
            return new EgressStart(null, MediaErrorCodes.Of(refused));
        }

        _ = channel.Completion.ContinueWith(_ => Remove(channelId), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        var what = EgressOutputNames.Of(request.Outputs);
        LogStarted(channelId, request.RoomKey, request.MemberId, what, request.StartedBy);
        if (_webhooks.Enabled)
        {
            _webhooks.Publish(new WebhookEvent("egress.started", request.AppId, startedAt.ToUnixTimeSeconds(), UserId: request.MemberId, RoomId: request.RoomId,
                Egress: new WebhookEgress(channelId, request.MemberId, what, File: fileIds.FirstOrDefault())));
        }

        return new EgressStart(info, null);
    }

    public bool Stop(string roomKey, ulong channelId, string reason)
    {
        RunningChannel? channel;
        lock (_gate)
        {
            if (!_channels.TryGetValue(channelId, out channel) || channel.Request.RoomKey != roomKey)
            {
                return false;
            }

            _channels.Remove(channelId);
        }

        channel.Stop(reason);
        return true;
    }

    public IReadOnlyList<EgressInfo> Running(string roomKey)
    {
        lock (_gate)
        {
            return [.. _channels.Values.Where(c => c.Request.RoomKey == roomKey).Select(c => c.Info)];
        }
    }

    public void StopRoom(string roomKey, string reason) => StopWhere(c => c.Request.RoomKey == roomKey, reason);

    public int StopMember(string roomKey, string memberId, string reason) =>
        StopWhere(c => c.Request.RoomKey == roomKey && c.Request.MemberId == memberId, reason);

    /// <summary>The channel (tests, the admin API).</summary>
    internal RunningChannel? Find(ulong channelId)
    {
        lock (_gate)
        {
            return _channels.GetValueOrDefault(channelId);
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Registered as itself and as IEgressHost, the container disposes the one instance twice: the second is a no-op.
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        StopWhere(_ => true, "the server is stopping");
        if (_worker.IsValueCreated)
        {
            await _worker.Value.DisposeAsync().ConfigureAwait(false);
        }
    }

    private int StopWhere(Func<RunningChannel, bool> which, string reason)
    {
        RunningChannel[] stopping;
        lock (_gate)
        {
            stopping = [.. _channels.Values.Where(which)];
            foreach (var channel in stopping)
            {
                _channels.Remove(channel.Id);
            }
        }

        foreach (var channel in stopping)
        {
            channel.Stop(reason);
        }

        return stopping.Length;
    }

    private void Remove(ulong channelId)
    {
        lock (_gate)
        {
            _channels.Remove(channelId);
        }
    }

    private static EgressStart Refuse(AVErrorCode code, string detail) => new(null, RoomError.Of(code, detail));

    [LoggerMessage(Level = LogLevel.Information, Message = "Egress {ChannelId} started in {RoomKey}: {Outputs} of {MemberId} (by {StartedBy})")]
    private partial void LogStarted(ulong channelId, string roomKey, string memberId, string outputs, string startedBy);
}
