namespace OpenLive.Tests.Shared;

/// <summary>
/// Notes the calling thread's allocation counter at each call from the <c>first</c>th to the <c>last</c>th and then
/// completes <see cref="Allocated"/> with the least a window of them grew (<see cref="AllocationMeter.LeastGrowth"/>):
/// the zero-allocation tests of code that runs in callbacks on a thread of its own (a media loop's handler). Called
/// from that one thread; read from any.
/// </summary>
internal sealed class PerCallAllocations(int first, int last)
{
    private readonly long[] _readings = new long[last - first + 1];
    private int _count;

    /// <summary>Calls noted so far.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>The least a window of calls <c>first</c>..<c>last</c> allocated, once the last was noted.</summary>
    public TaskCompletionSource<long> Allocated { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Notes one call (on the measured thread).</summary>
    public void Note()
    {
        var count = _count + 1;
        Volatile.Write(ref _count, count);
        if (count >= first && count <= last)
        {
            _readings[count - first] = GC.GetAllocatedBytesForCurrentThread();
        }

        if (count == last)
        {
            Allocated.TrySetResult(AllocationMeter.LeastGrowth(_readings));
        }
    }
}
