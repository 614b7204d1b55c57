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
/// <see cref="RecordingWorker"/>) for rooms whose media this node hosts. Live HLS and RTMP push are answered with
/// 10007 until the live outputs join a channel's output list.
/// </summary>
internal sealed partial class EgressHost : IEgressHost, IAsyncDisposable
{
    private readonly RecordingStorageOptions _options;
    private readonly RecordingOptions _pipeline;
    private readonly IWebhooks _webhooks;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly Dictionary<ulong, EgressChannel> _channels = [];
    private readonly Lazy<RecordingWorker> _worker;
    private long _nextChannel;

    public EgressHost(
        IOptions<RecordingStorageOptions> options,
        IOptions<ServerOptions> server,
        IWebhooks webhooks,
        [FromKeyedServices(ServerClock.Key)] TimeProvider time,
        ILoggerFactory loggers)
    {
        _options = options.Value;
        RecordingsDirectory = _options.ResolveDirectory(server.Value.DataDirectory);
        _pipeline = new RecordingOptions { TrackWait = _options.TrackWait, DrainInterval = _options.DrainInterval };
        _webhooks = webhooks;
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

        if (request.Outputs != EgressOutputs.Record)
        {
            return Refuse(AVErrorCode.ServerNotImplement, "live HLS and RTMP push are not available on this node: only recording");
        }

        var startedAt = _time.GetUtcNow();
        ulong channelId;
        lock (_gate)
        {
            if (_channels.Count >= _options.MaxRecordings)
            {
                return Refuse(AVErrorCode.ServerAllocResourceFailed, $"this node records at most {_options.MaxRecordings} streams at once");
            }

            if (_channels.Values.Any(c => c.Request.RoomKey == request.RoomKey && c.Request.MemberId == request.MemberId
                && c.Request.Video == request.Video && c.Request.AudioOnly == request.AudioOnly))
            {
                return Refuse(AVErrorCode.HasInTheState, "this stream of the member is already being recorded");
            }

            channelId = (ulong)Interlocked.Increment(ref _nextChannel);
        }

        var fileId = RecordingLayout.FileStem(request.AppId, request.RoomId, request.MemberId, startedAt, channelId);
        var output = new RecordingOutput(RecordingsDirectory, request, channelId, fileId, startedAt, _webhooks, _time, _loggers.CreateLogger<RecordingOutput>());
        var info = new EgressInfo(channelId, request, [], [fileId], startedAt);
        var channel = new EgressChannel(info, [output]);
        lock (_gate)
        {
            _channels.Add(channelId, channel);
        }

        if (output.Start(media, _worker.Value, _pipeline) is { } refused)
        {
            Remove(channelId);
            return new EgressStart(null, MediaErrorCodes.Of(refused));
        }

        _ = channel.Completion.ContinueWith(_ => Remove(channelId), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        LogStarted(channelId, request.RoomKey, request.MemberId, fileId, request.StartedBy);
        if (_webhooks.Enabled)
        {
            _webhooks.Publish(new WebhookEvent("egress.started", request.AppId, startedAt.ToUnixTimeSeconds(), UserId: request.MemberId, RoomId: request.RoomId,
                Egress: new WebhookEgress(channelId, request.MemberId, "record", File: fileId)));
        }

        return new EgressStart(info, null);
    }

    public bool Stop(string roomKey, ulong channelId, string reason)
    {
        EgressChannel? channel;
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
    internal EgressChannel? Find(ulong channelId)
    {
        lock (_gate)
        {
            return _channels.GetValueOrDefault(channelId);
        }
    }

    public async ValueTask DisposeAsync()
    {
        StopWhere(_ => true, "the server is stopping");
        if (_worker.IsValueCreated)
        {
            await _worker.Value.DisposeAsync().ConfigureAwait(false);
        }
    }

    private int StopWhere(Func<EgressChannel, bool> which, string reason)
    {
        EgressChannel[] stopping;
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Egress {ChannelId} started in {RoomKey}: recording {MemberId} as {FileId} (by {StartedBy})")]
    private partial void LogStarted(ulong channelId, string roomKey, string memberId, string fileId, string startedBy);
}
