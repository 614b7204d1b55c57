using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenLive.Egress.Ffmpeg;
using OpenLive.Server.Hosting;

namespace OpenLive.Server.Application.Egress;

/// <summary>
/// The live outputs of this node: what the egress host starts for a member's stream once a writer produces it as a live
/// feed (<see cref="ILiveFeedSource"/>). Live HLS goes to <c>{HLS directory}/{appId}/{room}/{member}/</c>, served by
/// <c>Edges/Hls</c> at <see cref="LiveOutputPaths.PlaylistUrl"/>; RTMP push goes to the app's operator-configured
/// ingests (<see cref="LiveOutputAppOptions.RtmpUrls"/>: never a client-given URL, see there why). Each output is one
/// supervised ffmpeg (<see cref="FfmpegOutput"/>: restarted with back-off, an error event after the limit). A stopped
/// or ended HLS output's directory is removed after <see cref="LiveOutputOptions.HlsRemoveAfter"/>, so players finish
/// the last segments; disposing (the host stops) stops every output.
/// </summary>
/// <remarks>Calls never block on ffmpeg: starting returns at once, the process starts behind.</remarks>
internal sealed partial class LiveOutputs : IAsyncDisposable
{
    private readonly LiveOutputOptions _options;
    private readonly FfmpegOutputOptions _ffmpeg;
    private readonly TimeProvider _time;
    private readonly ILogger<LiveOutputs> _logger;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, LiveOutput> _hls = new(StringComparer.Ordinal);
    private readonly List<LiveOutput> _all = [];
    private readonly CancellationTokenSource _disposed = new();

    /// <summary>The longest GOP a passthrough output may get: one HLS segment (ffmpeg cuts segments only at keyframes).</summary>
    public TimeSpan KeyframeInterval => TimeSpan.FromSeconds(_ffmpeg.HlsSegmentSeconds);

    public LiveOutputs(IOptions<LiveOutputOptions> options, IOptions<FfmpegOutputOptions> ffmpeg, IOptions<ServerOptions> server, ILogger<LiveOutputs> logger)
        : this(options.Value, ffmpeg.Value, options.Value.ResolveHlsDirectory(server.Value.DataDirectory), TimeProvider.System, logger)
    {
    }

    internal LiveOutputs(LiveOutputOptions options, FfmpegOutputOptions ffmpeg, string hlsDirectory, TimeProvider time, ILogger<LiveOutputs> logger)
    {
        _options = options;
        _ffmpeg = ffmpeg;
        HlsDirectory = hlsDirectory;
        _time = time;
        _logger = logger;
    }

    /// <summary>The absolute HLS directory outputs write under (the one the HLS edge serves).</summary>
    public string HlsDirectory { get; }

    /// <summary>
    /// Starts live HLS of <paramref name="source"/> for one member: one output per member at a time (a second start
    /// while one runs is refused); a directory left by an earlier output of the member is cleared first.
    /// </summary>
    public LiveOutputStart StartHls(uint appId, string roomId, string memberId, ILiveFeedSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (!IsId(roomId) || !IsId(memberId))
        {
            return LiveOutputStart.Refused("the room and member ids must be 1 to 64 UTF-8 bytes");
        }

        var relative = LiveOutputPaths.RelativeDirectory(appId, roomId, memberId);
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        if (!HlsOutputTarget.TryCreate(HlsDirectory, relative, token, out var target, out var problem))
        {
            return LiveOutputStart.Refused(problem);
        }

        LiveOutput output;
        lock (_gate)
        {
            if (_disposed.IsCancellationRequested)
            {
                return LiveOutputStart.Refused("the node is shutting down");
            }

            if (_hls.TryGetValue(relative, out var running) && !running.Ffmpeg.Completion.IsCompleted)
            {
                return LiveOutputStart.Refused($"live HLS of {memberId} in room {roomId} is already running");
            }

            // A finished output's files (kept for its grace) give way: ffmpeg's append_list would continue its playlist.
            RemoveDirectory(target!.Directory);
            output = new LiveOutput(FfmpegOutputKind.Hls, LiveOutputPaths.PlaylistUrl(appId, roomId, memberId), target.Directory,
                new FfmpegOutput(target, source, _ffmpeg, _time, _logger));
            _hls[relative] = output;
            _all.Add(output);
        }

        output.Ffmpeg.Start();
        _ = RemoveWhenEndedAsync(relative, output);
        Log.Started(_logger, target.Description, appId);
        return new LiveOutputStart([output], null);
    }

    /// <summary>Starts RTMP push of <paramref name="source"/> to every ingest configured for <paramref name="appId"/>; refused when none is.</summary>
    public LiveOutputStart StartRtmp(uint appId, ILiveFeedSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var urls = _options.RtmpUrlsOf(appId);
        if (urls.Count == 0)
        {
            return LiveOutputStart.Refused($"no RTMP ingest is configured for app {appId} ({LiveOutputOptions.Section}:Apps:{appId}:RtmpUrls)");
        }

        var outputs = new List<LiveOutput>(urls.Count);
        lock (_gate)
        {
            if (_disposed.IsCancellationRequested)
            {
                return LiveOutputStart.Refused("the node is shutting down");
            }

            foreach (var url in urls)
            {
                // Validated at start (LiveOutputOptionsValidator): creating cannot fail here.
                RtmpOutputTarget.TryCreate(url, out var target, out _);
                var output = new LiveOutput(FfmpegOutputKind.Rtmp, target!.Description, null, new FfmpegOutput(target, source, _ffmpeg, _time, _logger));
                outputs.Add(output);
                _all.Add(output);
            }
        }

        foreach (var output in outputs)
        {
            output.Ffmpeg.Start();
            _ = ForgetWhenEndedAsync(output);
            Log.Started(_logger, output.Url, appId);
        }

        return new LiveOutputStart(outputs, null);
    }

    /// <summary>Stops every output (the host is stopping): ffmpeg finishes its files; HLS directories are removed now.</summary>
    public async ValueTask DisposeAsync()
    {
        LiveOutput[] outputs;
        lock (_gate)
        {
            if (_disposed.IsCancellationRequested)
            {
                return;
            }

            _disposed.Cancel();
            outputs = [.. _all];
        }

        await Task.WhenAll(outputs.Select(o => o.StopAsync())).ConfigureAwait(false);
        foreach (var output in outputs)
        {
            await output.Ffmpeg.DisposeAsync().ConfigureAwait(false);
            if (output.Directory is { } directory)
            {
                RemoveDirectory(directory);
            }
        }

        _disposed.Dispose();
    }

    private static bool IsId(string id) => !string.IsNullOrEmpty(id) && System.Text.Encoding.UTF8.GetByteCount(id) <= 64;

    private async Task RemoveWhenEndedAsync(string relative, LiveOutput output)
    {
        // FfmpegOutput logs how it ended (redacted).
        await output.Ffmpeg.Completion.ConfigureAwait(false);
        try
        {
            await Task.Delay(_options.HlsRemoveAfter, _time, _disposed.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return; // disposing removes it
        }
        catch (ObjectDisposedException)
        {
            return;
        }

        lock (_gate)
        {
            _all.Remove(output);
            if (_hls.TryGetValue(relative, out var current) && ReferenceEquals(current, output))
            {
                _hls.Remove(relative);
                RemoveDirectory(output.Directory!);
            }
        }
    }

    private async Task ForgetWhenEndedAsync(LiveOutput output)
    {
        await output.Ffmpeg.Completion.ConfigureAwait(false);
        lock (_gate)
        {
            _all.Remove(output);
        }
    }

    private void RemoveDirectory(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.RemoveFailed(_logger, directory, e.Message);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1461, Level = LogLevel.Information, Message = "Live output started: {Output} (app {AppId})")]
        public static partial void Started(ILogger logger, string output, uint appId);

        [LoggerMessage(EventId = 1463, Level = LogLevel.Warning, Message = "Could not remove the HLS directory {Directory}: {Problem}")]
        public static partial void RemoveFailed(ILogger logger, string directory, string problem);
    }
}
