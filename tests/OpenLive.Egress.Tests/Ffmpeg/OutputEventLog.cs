using OpenLive.Egress.Ffmpeg;

namespace OpenLive.Egress.Tests.Ffmpeg;

/// <summary>Collects an output's events as they come and waits for one with a deadline that reports what it saw.</summary>
internal sealed class OutputEventLog
{
    private readonly List<FfmpegOutputEvent> _events = [];
    private readonly Task _reader;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public OutputEventLog(FfmpegOutput output) => _reader = Task.Run(async () =>
    {
        await foreach (var e in output.Events.ReadAllAsync())
        {
            lock (_events)
            {
                _events.Add(e);
                _changed.TrySetResult();
                _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    });

    public IReadOnlyList<FfmpegOutputEvent> Events
    {
        get
        {
            lock (_events)
            {
                return [.. _events];
            }
        }
    }

    public async Task<FfmpegOutputEvent> WaitForAsync(Func<FfmpegOutputEvent, bool> match, TimeSpan deadline, string what)
    {
        var until = DateTime.UtcNow + deadline;
        while (true)
        {
            Task changed;
            lock (_events)
            {
                if (_events.FirstOrDefault(match) is { } found)
                {
                    return found;
                }

                changed = _changed.Task;
            }

            var left = until - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || await Task.WhenAny(changed, Task.Delay(left)) != changed)
            {
                Assert.Fail($"no {what} within {deadline}; events so far: {Describe()}");
            }
        }
    }

    public string Describe() => string.Join("; ", Events.Select(e =>
        $"{e.Kind}#{e.Attempt} {e.Error} {e.Reason} exit={e.ExitCode} retryIn={e.RetryIn} [{string.Join(" | ", e.StderrTail ?? [])}]"));
}
