using System.ComponentModel;
using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace OpenLive.Egress.Ffmpeg;

/// <summary>
/// One supervised ffmpeg process turning a live WebM / fragmented-MP4 stream into one output (live HLS or RTMP push).
/// ffmpeg reads its feed from its stdin, an anonymous pipe only it holds (no path another process could open; ffmpeg
/// 5.1's <c>unix:</c> input does not mark itself unseekable, so its MP4 demuxer fails on a live fMP4 socket — see
/// docs/operations.md); its stderr is kept bounded and redacted.
/// An unexpected exit restarts it with exponential back-off within a budget (<see cref="RestartBackoff"/>); each
/// (re)start reads a fresh stream — header, then from the next keyframe — from the <see cref="ILiveFeedSource"/>.
/// Stop ends the feed so ffmpeg finishes its files, waits up to <see cref="FfmpegOutputOptions.StopTimeout"/>, then
/// kills. Nothing here throws at the caller: every failure is an <see cref="FfmpegOutputEventKind.Ended"/> event.
/// </summary>
public sealed class FfmpegOutput : IAsyncDisposable
{
    /// <summary>Events kept for a slow reader; older ones are dropped first.</summary>
    public const int MaxQueuedEvents = 64;

    private readonly FfmpegOutputTarget _target;
    private readonly ILiveFeedSource _source;
    private readonly FfmpegOutputOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    // Bounded whether anyone reads or not: a reader that never comes costs at most this many events (the newest kept,
    // so Ended is never lost).
    private readonly Channel<FfmpegOutputEvent> _events = Channel.CreateBounded<FfmpegOutputEvent>(
        new BoundedChannelOptions(MaxQueuedEvents) { SingleWriter = true, FullMode = BoundedChannelFullMode.DropOldest });
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource<FfmpegOutputEvent> _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _gate = new();
    private Task? _run;
    private Process? _process;

    /// <summary>An output (not started) of <paramref name="source"/> to <paramref name="target"/>.</summary>
    public FfmpegOutput(FfmpegOutputTarget target, ILiveFeedSource source, FfmpegOutputOptions options, TimeProvider time, ILogger logger)
    {
        _target = target;
        _source = source;
        _options = options;
        _time = time;
        _logger = logger;
    }

    /// <summary>
    /// The output's events in order: <see cref="FfmpegOutputEventKind.Started"/>, then per failure
    /// <see cref="FfmpegOutputEventKind.Exited"/> and <see cref="FfmpegOutputEventKind.Restarted"/>, and last
    /// <see cref="FfmpegOutputEventKind.Ended"/> (then the reader completes). Up to <see cref="MaxQueuedEvents"/> wait
    /// for the reader; beyond that the oldest are dropped.
    /// </summary>
    public ChannelReader<FfmpegOutputEvent> Events => _events.Reader;

    /// <summary>The <see cref="FfmpegOutputEventKind.Ended"/> event, once the output has ended.</summary>
    public Task<FfmpegOutputEvent> Completion => _ended.Task;

    /// <summary>The running ffmpeg's process id, if one is running (tests kill it to prove restarts).</summary>
    internal int? CurrentProcessId
    {
        get
        {
            lock (_gate)
            {
                return _process?.Id;
            }
        }
    }

    /// <summary>Starts supervising (once).</summary>
    public void Start()
    {
        lock (_gate)
        {
            if (_run is not null)
            {
                throw new InvalidOperationException("The output has already been started.");
            }

            _run = Task.Run(RunAsync);
        }
    }

    /// <summary>Stops: ends the feed, lets ffmpeg finish its files (killing it after the stop timeout), and waits for the end.</summary>
    public async Task StopAsync()
    {
        Task? run;
        lock (_gate)
        {
            run = _run;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        if (run is not null)
        {
            await run.ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task RunAsync()
    {
        FfmpegOutputEvent ended;
        try
        {
            ended = await SuperviseAsync().ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The supervisor reports every failure as an event; nothing may escape into the host as a crash.
        catch (Exception e)
#pragma warning restore CA1031
        {
            ended = new FfmpegOutputEvent(FfmpegOutputEventKind.Ended, 0, FfmpegOutputError.Unexpected, _target.Redact(e.Message));
        }

        if (ended.Error is { } error)
        {
            FfmpegOutputLog.Failed(_logger, _target.Description, error, ended.Reason ?? "");
        }
        else
        {
            FfmpegOutputLog.Ended(_logger, _target.Description, ended.Reason ?? "");
        }

        _events.Writer.TryWrite(ended);
        _events.Writer.TryComplete();
        _ended.TrySetResult(ended);
    }

    private async Task<FfmpegOutputEvent> SuperviseAsync()
    {
        if (!FfmpegLocator.TryLocate(_options.FfmpegPath, out var ffmpeg, out var problem))
        {
            return Failure(0, FfmpegOutputError.FfmpegNotFound, problem);
        }

        if (!_target.TryPrepare(out problem))
        {
            return Failure(0, FfmpegOutputError.OutputUnwritable, problem);
        }

        var backoff = new RestartBackoff(_options);
        for (var attempt = 0; ; attempt++)
        {
            if (_stop.IsCancellationRequested)
            {
                return Stopped(attempt, "stopped");
            }

            var run = await RunProcessAsync(ffmpeg, attempt).ConfigureAwait(false);
            if (run.Ended is { } ended)
            {
                return ended;
            }

            if (!backoff.TryNext(_time.GetUtcNow(), out var delay))
            {
                return new FfmpegOutputEvent(
                    FfmpegOutputEventKind.Ended, attempt, FfmpegOutputError.RestartLimitReached,
                    $"more than {_options.MaxRestarts} restarts within {_options.RestartWindow}; last: {run.Reason}",
                    run.ExitCode, StderrTail: run.Tail);
            }

            FfmpegOutputLog.Exited(_logger, _target.Description, run.Reason, attempt + 1, delay);
            _events.Writer.TryWrite(new FfmpegOutputEvent(
                FfmpegOutputEventKind.Exited, attempt, Reason: run.Reason, ExitCode: run.ExitCode, RetryIn: delay, StderrTail: run.Tail));
            try
            {
                await Task.Delay(delay, _time, _stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return Stopped(attempt, "stopped while waiting to restart");
            }
        }
    }

    private async Task<ProcessRun> RunProcessAsync(string ffmpeg, int attempt)
    {
        var start = new ProcessStartInfo(ffmpeg)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in FfmpegArguments.Build(_source.Format, _target, _options))
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new Win32Exception("Process.Start returned no process");
        }
        catch (Win32Exception e)
        {
            return new ProcessRun(Failure(attempt, FfmpegOutputError.FfmpegNotStartable, $"cannot start {ffmpeg}: {e.Message}"), null, "", []);
        }

        lock (_gate)
        {
            _process = process;
        }

        var tail = new StderrTail(_options.StderrLines, _target.Redact, line => FfmpegOutputLog.Stderr(_logger, _target.Description, line));
        var stderr = tail.ReadToEndAsync(process.StandardError);
        var stdout = process.StandardOutput.BaseStream.CopyToAsync(Stream.Null);
        using var abortWrites = new CancellationTokenSource();
        try
        {
            FfmpegOutputLog.Started(_logger, _target.Description, process.Id, attempt);
            _events.Writer.TryWrite(new FfmpegOutputEvent(attempt == 0 ? FfmpegOutputEventKind.Started : FfmpegOutputEventKind.Restarted, attempt));

            // A write blocked on a stuck ffmpeg must not hold a stop beyond its deadline.
            using var stopDeadline = _stop.Token.Register(() => _ = KillAfterAsync(process, abortWrites, _options.StopTimeout));
            var stream = _source.OpenFromNextKeyframe();
            await using (stream.ConfigureAwait(false))
            {
                var pump = PumpAsync(stream, process.StandardInput.BaseStream, abortWrites.Token);
                var exited = process.WaitForExitAsync();
                if (await Task.WhenAny(pump, exited).ConfigureAwait(false) == pump && await pump.ConfigureAwait(false) is { } finish)
                {
                    // The feed has ended (source ended, or stop): ffmpeg reads to the end, finishes its files, exits.
                    var clean = await WaitForExitAsync(process, _options.StopTimeout).ConfigureAwait(false);
                    await stderr.ConfigureAwait(false);
                    var reason = clean ? $"{finish}; ffmpeg exited with code {process.ExitCode}" : $"{finish}; ffmpeg killed after {_options.StopTimeout}";
                    return new ProcessRun(Stopped(attempt, reason, clean ? process.ExitCode : null), null, "", []);
                }

                // ffmpeg exited (or closed its input) on its own: collect why; the caller decides on a restart.
                await WaitForExitAsync(process, _options.StopTimeout).ConfigureAwait(false);
                await abortWrites.CancelAsync().ConfigureAwait(false);
                await pump.ConfigureAwait(false);
                await stderr.ConfigureAwait(false);
                return _stop.IsCancellationRequested
                    ? new ProcessRun(Stopped(attempt, "stopped"), null, "", [])
                    : Exit(process, tail);
            }
        }
        finally
        {
            await KillAsync(process).ConfigureAwait(false);
            await stdout.ConfigureAwait(false);
            lock (_gate)
            {
                _process = null;
            }

            process.Dispose();
        }
    }

    /// <summary>
    /// Writes the stream to ffmpeg's stdin until it ends. Returns why the feed ended cleanly ("the source ended",
    /// "stopped"), after closing stdin so ffmpeg sees the end of its input; null when ffmpeg went away first.
    /// </summary>
    private async Task<string?> PumpAsync(ILiveFeed stream, Stream feed, CancellationToken abortWrites)
    {
        // Waiting for the next chunk ends on a stop, or when ffmpeg has exited (abortWrites): a paused source must not
        // hold a dead ffmpeg's run open.
        using var readCancel = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token, abortWrites);
        try
        {
            while (true)
            {
                LiveFeedChunk? chunk;
                try
                {
                    chunk = await stream.ReadAsync(readCancel.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (_stop.IsCancellationRequested)
                {
                    await feed.DisposeAsync().ConfigureAwait(false);
                    return "stopped";
                }

                if (chunk is not { } next)
                {
                    await feed.DisposeAsync().ConfigureAwait(false);
                    return "the source ended";
                }

                await feed.WriteAsync(next.Bytes, abortWrites).ConfigureAwait(false);
                await feed.FlushAsync(abortWrites).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
            return null;
        }
    }

    private static async Task<bool> WaitForExitAsync(Process process, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            await KillAsync(process).ConfigureAwait(false);
            return false;
        }
    }

    private static async Task KillAfterAsync(Process process, CancellationTokenSource abortWrites, TimeSpan timeout)
    {
        await Task.Delay(timeout).ConfigureAwait(false);
        try
        {
            await abortWrites.CancelAsync().ConfigureAwait(false);
            if (!process.HasExited)
            {
                process.Kill();
            }
        }
        catch (Exception e) when (e is InvalidOperationException or ObjectDisposedException)
        {
            // The run ended in time: the process has exited and been disposed.
        }
    }

    private static async Task KillAsync(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
        }
        catch (InvalidOperationException)
        {
            // Exited in between.
        }

        await process.WaitForExitAsync().ConfigureAwait(false);
    }

    private static ProcessRun Exit(Process process, StderrTail tail)
    {
        var code = process.ExitCode;
        var last = tail.LastLine;
        var reason = $"ffmpeg exited with code {code}";
        if (last.Length > 0)
        {
            reason += $": {last}";
        }

        return new ProcessRun(null, code, reason, tail.Lines);
    }

    private FfmpegOutputEvent Failure(int attempt, FfmpegOutputError error, string reason) =>
        new(FfmpegOutputEventKind.Ended, attempt, error, _target.Redact(reason));

    private static FfmpegOutputEvent Stopped(int attempt, string reason, int? exitCode = null) =>
        new(FfmpegOutputEventKind.Ended, attempt, null, reason, exitCode);

    /// <summary>How one process ended: <see cref="Ended"/> set when the output is over, else an unexpected exit to retry.</summary>
    private sealed record ProcessRun(FfmpegOutputEvent? Ended, int? ExitCode, string Reason, IReadOnlyList<string> Tail);
}
