using OpenLive.Testing;

namespace OpenLive.Sdk.Tests;

/// <summary>
/// Holds a client's receive loop inside one of its event handlers: the SDK raises events on that loop, in order with the
/// answers to requests, so while the loop is parked no answer is processed and a request made meanwhile is certainly
/// still running. Tests use it to overlap two operations deterministically, whatever the scheduling.
/// </summary>
internal sealed class ParkedReceiveLoop
{
    private readonly TaskCompletionSource _parked = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _used;

    /// <summary>Completes once the loop is parked.</summary>
    public Task Parked => _parked.Task.WaitAsync(Events.Timeout);

    /// <summary>An event handler that parks the loop the first time it runs (later events pass straight through).</summary>
    public EventHandler<T> Handler<T>() => (_, _) =>
    {
        if (Interlocked.Exchange(ref _used, 1) == 0)
        {
            _parked.TrySetResult();
            // Blocking is the point: the loop's thread must not go on to the next frame. Bounded, so a failing test ends.
            _released.Task.Wait(Events.Timeout);
        }
    };

    /// <summary>Lets the loop go on.</summary>
    public void Release() => _released.TrySetResult();
}
