namespace OpenLive.Tests.Shared;

/// <summary>
/// What a code path allocates on the calling thread, for the zero-allocation tests of the packet path. Compiled into
/// every test assembly (Directory.Build.props).
/// </summary>
/// <remarks>
/// <see cref="GC.GetAllocatedBytesForCurrentThread"/> reads the thread's allocated total minus the unused rest of its
/// allocation context. A GC started on another thread (seen with background GCs) can retire that context, and its
/// unused rest (up to one allocation quantum, 8 KB) is then read as allocated although this thread allocated nothing:
/// a loop allocating nothing read 72–7,496 bytes in 23 of 650,000 passes while another thread allocated (measured
/// 2026-12-05; once in a full suite this made <c>FeedbackTests.AnsweringANack_AllocatesNothing</c> read 7,488 bytes).
/// So one window's reading is an upper bound. The path is therefore measured in several windows and the least reading
/// counts: an allocation the path makes shows in every window, while the artifact shows only in a window some GC
/// crossed.
/// </remarks>
internal static class AllocationMeter
{
    /// <summary>
    /// Runs <paramref name="action"/> once to warm up, then <paramref name="windows"/> windows of
    /// <paramref name="iterations"/> runs each, and returns the least a window allocated on this thread.
    /// </summary>
    public static long LeastAllocated(Action action, int iterations = 1000, int windows = 3)
    {
        ArgumentNullException.ThrowIfNull(action);
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(windows, 1);
        action();
        var least = long.MaxValue;
        for (var window = 0; window < windows; window++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < iterations; i++)
            {
                action();
            }

            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return least;
    }

    /// <summary>
    /// The least growth of a thread's allocation counter over <paramref name="windows"/> consecutive windows of
    /// <paramref name="readings"/> (<see cref="GC.GetAllocatedBytesForCurrentThread"/> read on the measured thread at
    /// each event), for paths measured from a callback on their own thread.
    /// </summary>
    public static long LeastGrowth(ReadOnlySpan<long> readings, int windows = 3)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(windows, 1);
        var window = (readings.Length - 1) / windows;
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1, nameof(readings));
        var least = long.MaxValue;
        for (var i = 0; i < windows; i++)
        {
            least = Math.Min(least, readings[(i + 1) * window] - readings[i * window]);
        }

        return least;
    }
}
