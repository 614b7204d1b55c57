using System.Diagnostics;
using CsCheck;

namespace OpenLive.Fuzz.Tests.Engine;

/// <summary>
/// Feeds one parser generated inputs, one thread, seeded (a run is reproducible from its seed), and checks the
/// contract of every parser of network bytes: it never throws, never hangs, and allocates within a bound.
/// A watchdog thread catches the hang that never returns: it prints the input and stops the process, since a
/// stuck thread cannot be taken back.
/// </summary>
internal static class FuzzCampaign
{
    private const int MaxReportedFailures = 3;
    private const int HangRepeats = 3;

    public static FuzzResult Run<TInput>(
        string name,
        Gen<byte[]> gen,
        Func<byte[], TInput> prepare,
        Action<TInput> parse,
        Func<int, long> allocationBound,
        long inputs,
        ulong seed,
        FuzzLimits limits)
    {
        var pcg = new PCG(1, seed);
        long crashes = 0, hangs = 0, overAllocation = 0, maxAllocated = 0, maxTicks = 0, totalTicks = 0;
        var failures = new List<string>();
        var watch = new Watchdog(name, limits.Abort);
        try
        {
            for (long i = 0; i < inputs; i++)
            {
                var bytes = gen.Generate(pcg, null, out _);
                var input = prepare(bytes);
                watch.Enter(bytes);
                var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
                var started = Stopwatch.GetTimestamp();
                Exception? thrown = null;
                try
                {
                    parse(input);
                }
#pragma warning disable CA1031 // any exception is the finding
                catch (Exception e)
#pragma warning restore CA1031
                {
                    thrown = e;
                }

                var ticks = Stopwatch.GetTimestamp() - started;
                var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
                watch.Leave();
                totalTicks += ticks;
                maxTicks = Math.Max(maxTicks, ticks);
                string? failure = null;
                if (thrown is not null)
                {
                    crashes++;
                    failure = $"threw {thrown.GetType().Name}: {thrown.Message}\n{thrown.StackTrace}";
                }
                else if (Stopwatch.GetElapsedTime(0, ticks) > limits.Hang && IsSlowEveryTime(parse, input, limits.Hang))
                {
                    hangs++;
                    failure = $"took {Stopwatch.GetElapsedTime(0, ticks).TotalMilliseconds:F0} ms, and over {limits.Hang.TotalMilliseconds:F0} ms on each of {HangRepeats} repeats";
                }
                else
                {
                    maxAllocated = Math.Max(maxAllocated, allocated);
                    if (allocated > allocationBound(bytes.Length))
                    {
                        overAllocation++;
                        failure = $"allocated {allocated} bytes, bound {allocationBound(bytes.Length)}";
                    }
                }

                if (failure is not null && failures.Count < MaxReportedFailures)
                {
                    failures.Add($"{name} input #{i} (seed {seed}, {bytes.Length} bytes) {failure}\ninput: {Convert.ToHexString(bytes)}");
                }
            }
        }
        finally
        {
            watch.Dispose();
        }

        return new FuzzResult(name, inputs, crashes, hangs, overAllocation, maxAllocated,
            Stopwatch.GetElapsedTime(0, maxTicks), Stopwatch.GetElapsedTime(0, totalTicks), failures.Count == 0 ? null : string.Join("\n", failures));
    }

    /// <summary>
    /// True when a slow input is slow again on every repeat. On a shared machine a single run can be stalled by the
    /// scheduler or a GC; a parser that is really slow on an input is slow on it every time.
    /// </summary>
    private static bool IsSlowEveryTime<TInput>(Action<TInput> parse, TInput input, TimeSpan limit)
    {
        for (var repeat = 0; repeat < HangRepeats; repeat++)
        {
            var started = Stopwatch.GetTimestamp();
            parse(input);
            if (Stopwatch.GetElapsedTime(started) <= limit)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Stops the process when one input runs past the abort limit, printing the input first.</summary>
    private sealed class Watchdog : IDisposable
    {
        private readonly Lock gate = new();
        private readonly Thread thread;
        private readonly string name;
        private readonly TimeSpan abort;
        private volatile bool stopped;
        private byte[]? current;
        private long enteredAt;

        public Watchdog(string name, TimeSpan abort)
        {
            this.name = name;
            this.abort = abort;
            thread = new Thread(Watch) { IsBackground = true, Name = "fuzz watchdog" };
            thread.Start();
        }

        public void Enter(byte[] input)
        {
            lock (gate)
            {
                current = input;
                enteredAt = Stopwatch.GetTimestamp();
            }
        }

        public void Leave()
        {
            lock (gate)
            {
                current = null;
            }
        }

        public void Dispose()
        {
            stopped = true;
            thread.Join();
        }

        private void Watch()
        {
            while (!stopped)
            {
                Thread.Sleep(100); // a polling watchdog: it only has to notice a stuck input within the abort limit
                lock (gate)
                {
                    if (current is not null && Stopwatch.GetElapsedTime(enteredAt) > abort)
                    {
                        Environment.FailFast($"{name}: one input ran for more than {abort.TotalSeconds:F0} s (a hang); input: {Convert.ToHexString(current)}");
                    }
                }
            }
        }
    }
}
