using Microsoft.Extensions.Logging;

namespace OpenLive.Egress.Recording;

/// <summary>
/// The node's one recording worker: every <see cref="RecordingOptions.DrainInterval"/> it drains every recording's
/// rings, depacketizes and writes (so file I/O never runs on the SFU's media thread, and one thread serves hundreds of
/// recordings instead of one per track), and retires the recordings that ended.
/// </summary>
public sealed partial class RecordingWorker : IAsyncDisposable
{
    private static readonly TimeSpan ShutdownDeadline = TimeSpan.FromSeconds(30);
    private readonly TimeProvider _time;
    private readonly TimeSpan _interval;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly Lock _pass = new();
    private readonly CancellationTokenSource _stop = new();
    private MemberRecording[] _recordings = [];
    private Task? _loop;

    /// <summary>A worker pumping every <see cref="RecordingOptions.DrainInterval"/> of <paramref name="options"/>.</summary>
    public RecordingWorker(RecordingOptions options, TimeProvider time, ILogger<RecordingWorker> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        _interval = options.DrainInterval;
        _time = time;
        _logger = logger;
    }

    /// <summary>Recordings running.</summary>
    public int Count => Volatile.Read(ref _recordings).Length;

    /// <summary>Adds a recording: the next pass drains it.</summary>
    public void Add(MemberRecording recording)
    {
        ArgumentNullException.ThrowIfNull(recording);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_stop.IsCancellationRequested, this);
            _recordings = [.. _recordings, recording];
        }
    }

    /// <summary>Starts the loop that runs <see cref="PumpAll"/> every drain interval (once; the host does, tests step by hand).</summary>
    public void Start()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_stop.IsCancellationRequested, this);
            _loop ??= Task.Factory.StartNew(RunAsync, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
        }
    }

    /// <summary>One pass over every recording (the loop's body; tests call it to step deterministically). Passes never overlap.</summary>
    public void PumpAll()
    {
        lock (_pass)
        {
            PumpAllOnce();
        }
    }

    private void PumpAllOnce()
    {
        var recordings = Volatile.Read(ref _recordings);
        List<MemberRecording>? ended = null;
        foreach (var recording in recordings)
        {
            if (!recording.Pump())
            {
                (ended ??= []).Add(recording);
            }
        }

        if (ended is null)
        {
            return;
        }

        lock (_gate)
        {
            _recordings = [.. _recordings.Where(r => !ended.Contains(r))];
        }
    }

    /// <summary>Stops every recording, finishes their files and stops the worker.</summary>
    public async ValueTask DisposeAsync()
    {
        Task? loop;
        lock (_gate)
        {
            foreach (var recording in _recordings)
            {
                recording.Stop("the server is stopping");
            }

            loop = _loop;
        }

        if (loop is not null)
        {
            // The loop finishes the stopped recordings on its next pass, then ends once none is left.
            try
            {
                await Task.WhenAll(Volatile.Read(ref _recordings).Select(r => r.Completion)).WaitAsync(ShutdownDeadline, _time).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                LogShutdownTimedOut(ShutdownDeadline);
            }
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        if (loop is not null)
        {
            await loop.ConfigureAwait(false);
        }

        _stop.Dispose();
    }

    private async Task RunAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                PumpAll();
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                LogPassFailed(e);
            }

            try
            {
                await Task.Delay(_interval, _time, _stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recordings still finishing after {Deadline} at shutdown: their files keep what was written")]
    private partial void LogShutdownTimedOut(TimeSpan deadline);

    [LoggerMessage(Level = LogLevel.Error, Message = "A recording worker pass failed")]
    private partial void LogPassFailed(Exception exception);
}
