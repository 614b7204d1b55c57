using System.Globalization;

namespace OpenLive.MediaLoad;

/// <summary>Percentiles of frame latencies (nearest rank), in milliseconds.</summary>
internal readonly record struct Percentiles(int Count, double P50Ms, double P90Ms, double P99Ms, double P999Ms, double MaxMs)
{
    /// <summary>Over every receiver's samples: to the receive thread (<paramref name="socketArrival"/> false) or to the kernel's arrival stamp.</summary>
    public static Percentiles Of(IEnumerable<FrameReceiver> receivers, bool socketArrival)
    {
        var all = new List<long>();
        foreach (var receiver in receivers)
        {
            foreach (var sample in socketArrival ? receiver.ArrivalSamples : receiver.Samples)
            {
                if (sample >= 0)
                {
                    all.Add(sample);
                }
            }
        }

        if (all.Count == 0)
        {
            return new Percentiles(0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
        }

        all.Sort();
        return new Percentiles(all.Count, At(all, 0.50), At(all, 0.90), At(all, 0.99), At(all, 0.999), all[^1] / 1000.0);
    }

    private static double At(List<long> sorted, double quantile) =>
        sorted[Math.Clamp((int)Math.Ceiling(quantile * sorted.Count) - 1, 0, sorted.Count - 1)] / 1000.0;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"p50 {P50Ms:F3} / p90 {P90Ms:F3} / p99 {P99Ms:F3} / p99.9 {P999Ms:F3} / max {MaxMs:F3} ms ({Count} frames)");
}
