
namespace OpenLive.Testing;

/// <summary>Awaitable event capture with a timeout, so tests never hang.</summary>
public static class Events
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    public static Task<T> Next<T>(Action<EventHandler<T>> subscribe, Func<T, bool>? filter = null)
    {
        var next = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        subscribe((_, args) =>
        {
            if (filter is null || filter(args))
            {
                next.TrySetResult(args);
            }
        });
        return next.Task.WaitAsync(Timeout);
    }
}
