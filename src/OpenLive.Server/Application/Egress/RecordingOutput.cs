using Microsoft.Extensions.Logging;
using OpenLive.Egress.Media;
using OpenLive.Egress.Recording;
using OpenLive.Server.Webhooks;
using OpenLive.Sfu;

namespace OpenLive.Server.Application.Egress;

/// <summary>
/// The recording output of a channel: taps the member's audio and camera (or screen), records them through a
/// <see cref="MemberRecording"/> on the node's worker into <c>{file id}.{webm|mp4}</c>, keeps the sidecar metadata
/// current (<see cref="RecordingMetadata"/>), and tells the app <c>egress.ended</c> with the file or the error.
/// </summary>
internal sealed partial class RecordingOutput : IEgressChannelOutput, IRecordingOutputs, IRecordingObserver
{
    private readonly string _root;
    private readonly EgressRequest _request;
    private readonly ulong _channelId;
    private readonly string _fileId;
    private readonly DateTimeOffset _startedAt;
    private readonly IWebhooks _webhooks;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly MemberTaps _taps = new();
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private MemberRecording? _recording;
    private string? _file;
    private RecordingContainer? _container;
    private IReadOnlyList<EgressTrack> _tracks = [];
    private string? _stopReason;

    public RecordingOutput(string root, EgressRequest request, ulong channelId, string fileId, DateTimeOffset startedAt, IWebhooks webhooks, TimeProvider time, ILogger logger)
    {
        _root = root;
        _request = request;
        _channelId = channelId;
        _fileId = fileId;
        _startedAt = startedAt;
        _webhooks = webhooks;
        _time = time;
        _logger = logger;
    }

    public EgressOutputs Kind => EgressOutputs.Record;

    public Task Completion => _completion.Task;

    /// <summary>The recording (for tests and metrics).</summary>
    public MemberRecording? Recording => _recording;

    private string MetadataPath => RecordingLayout.Resolve(_root, _fileId + ".json");

    /// <summary>Taps the member's tracks and hands the recording to the worker; the media error when the room refuses a tap.</summary>
    public MediaError? Start(MediaRoom media, RecordingWorker worker, RecordingOptions options)
    {
        if (_taps.Open(media, _request, options, _time) is { } error)
        {
            return error;
        }

        _recording = new MemberRecording(_taps.Inputs, this, options, _time, this);
        worker.Add(_recording);
        return null;
    }

    public void Stop(string reason)
    {
        Interlocked.CompareExchange(ref _stopReason, reason, null);
        // The taps end first, so nothing more comes in; the recording writes what it has and finishes the file.
        DisposeTaps();
        _recording?.Stop(reason);
    }

    Stream IRecordingOutputs.Create(RecordingContainer container)
    {
        _container = container;
        _file = _fileId + (container == RecordingContainer.Mp4 ? ".mp4" : ".webm");
        var path = RecordingLayout.Resolve(_root, _file);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        RecordingMetadataFile.Write(MetadataPath, Metadata(RecordingState.Recording, null));
        return new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read, bufferSize: 64 * 1024);
    }

    void IRecordingOutputs.Closed(RecordingContainer container, bool failed)
    {
        // What was written before a failure is whole clusters / fragments already (each is written and flushed whole),
        // except a cluster the failure cut: start-up recovery's cut applies to it too.
        if (failed && _file is not null)
        {
            RecordingFileRecovery.TryTruncate(RecordingLayout.Resolve(_root, _file), container);
        }
    }

    void IRecordingObserver.OnStarted(MemberRecording recording, RecordingContainer container, IReadOnlyList<EgressTrack> tracks)
    {
        _tracks = tracks;
        if (_logger.IsEnabled(LogLevel.Information))
        {
            var codecs = string.Join('+', tracks.Select(t => t.Codec));
            LogFileStarted(_channelId, _request.MemberId, _file ?? "?", codecs);
        }

        TryWriteMetadata(Metadata(RecordingState.Recording, null));
    }

    void IRecordingObserver.OnEnded(MemberRecording recording, RecordingResult result)
    {
        DisposeTaps();
        _tracks = result.Tracks.Count > 0 ? result.Tracks : _tracks;
        var size = _file is null ? (long?)null : SizeOf(RecordingLayout.Resolve(_root, _file));
        var ended = Metadata(result.Error is null ? RecordingState.Ended : RecordingState.Failed, result.Error) with
        {
            EndedAt = _time.GetUtcNow(),
            DurationMs = (long)result.Duration.TotalMilliseconds,
            Size = size,
        };
        if (_file is not null)
        {
            TryWriteMetadata(ended);
        }

        if (result.Error is null)
        {
            LogEnded(_channelId, _request.MemberId, _file ?? "?", ended.DurationMs ?? 0, size ?? 0);
        }
        else
        {
            LogFailed(_channelId, _request.MemberId, result.Error);
        }

        if (_webhooks.Enabled)
        {
            _webhooks.Publish(new WebhookEvent("egress.ended", _request.AppId, _time.GetUtcNow().ToUnixTimeSeconds(), UserId: _request.MemberId, RoomId: _request.RoomId,
                Egress: new WebhookEgress(_channelId, _request.MemberId, "record", _file, ended.DurationMs, size, result.Error, _stopReason)));
        }

        _completion.TrySetResult();
    }

    private RecordingMetadata Metadata(RecordingState state, string? error) => new()
    {
        ChannelId = _channelId,
        AppId = _request.AppId,
        RoomId = _request.RoomId,
        MemberId = _request.MemberId,
        Video = _request.Video == EgressVideo.Screen ? "screen" : "camera",
        AudioOnly = _request.AudioOnly,
        Name = _request.FileName,
        StartedBy = _request.StartedBy,
        FileId = _fileId,
        File = _file,
        Container = _container switch { RecordingContainer.Mp4 => "mp4", RecordingContainer.WebM => "webm", _ => null },
        Codecs = [.. _tracks.Select(t => t.Codec.ToString().ToLowerInvariant())],
        StartedAt = _startedAt,
        State = state,
        Error = error,
    };

    private void TryWriteMetadata(RecordingMetadata metadata)
    {
        try
        {
            RecordingMetadataFile.Write(MetadataPath, metadata);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogMetadataFailed(_channelId, e.Message);
        }
    }

    private static long? SizeOf(string path)
    {
        try
        {
            var info = new FileInfo(path);
            return info.Exists ? info.Length : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private void DisposeTaps() => _taps.Dispose();

    [LoggerMessage(Level = LogLevel.Information, Message = "Egress {ChannelId}: recording {MemberId} into {File} ({Codecs})")]
    private partial void LogFileStarted(ulong channelId, string memberId, string file, string codecs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Egress {ChannelId}: recording of {MemberId} ended: {File}, {DurationMs} ms, {Size} bytes")]
    private partial void LogEnded(ulong channelId, string memberId, string file, long durationMs, long size);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Egress {ChannelId}: recording of {MemberId} ended with an error: {Error}")]
    private partial void LogFailed(ulong channelId, string memberId, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Egress {ChannelId}: the recording's metadata could not be written: {Error}")]
    private partial void LogMetadataFailed(ulong channelId, string error);
}
