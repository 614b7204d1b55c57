using System.Threading.Tasks.Sources;

namespace OpenLive.Sfu.Net;

/// <summary>
/// A reusable awaitable a TCP connection's receive loop waits on while the media thread takes its frames: one
/// instance per connection, no allocation per wait (a <see cref="ManualResetValueTaskSourceCore{TResult}"/>).
/// </summary>
internal sealed class DrainSignal : IValueTaskSource
{
    private ManualResetValueTaskSourceCore<bool> _core = new() { RunContinuationsAsynchronously = true };
    private int _armed;

    /// <summary>Arms the signal; the returned task completes at the next <see cref="Set"/>.</summary>
    public ValueTask Arm()
    {
        Volatile.Write(ref _armed, 1);
        return new ValueTask(this, _core.Version);
    }

    /// <summary>Completes the armed wait (any thread; a second call for the same wait does nothing).</summary>
    public void Set()
    {
        if (Interlocked.Exchange(ref _armed, 0) == 1)
        {
            _core.SetResult(true);
        }
    }

    void IValueTaskSource.GetResult(short token)
    {
        _core.GetResult(token);
        _core.Reset();
    }

    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _core.GetStatus(token);

    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);
}
