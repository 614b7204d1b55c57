namespace OpenLive.Rtc.Tests.Rtp;

/// <summary>Measures what a per-packet path allocates on this thread after a warm-up run.</summary>
internal static class Allocations
{
    public static long Measure(Action action, int iterations = 1000)
    {
        action();
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < iterations; i++)
        {
            action();
        }

        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
