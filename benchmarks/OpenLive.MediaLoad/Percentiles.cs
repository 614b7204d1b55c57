namespace OpenLive.MediaLoad;

/// <summary>Percentiles of latency samples in microseconds (nearest rank).</summary>
internal readonly record struct Percentiles(int Count, double P50Ms, double P99Ms, double MaxMs)
{
    public static Percentiles Of(IEnumerable<FrameReceiver> receivers)
    {
        var all = new List<long>();
        foreach (var receiver in receivers)
        {
            foreach (var sample in receiver.Samples)
            {
                all.Add(sample);
            }
        }

        if (all.Count == 0)
        {
            return new Percentiles(0, double.NaN, double.NaN, double.NaN);
        }

        all.Sort();
        return new Percentiles(all.Count, At(all, 0.50), At(all, 0.99), all[^1] / 1000.0);
    }

    private static double At(List<long> sorted, double quantile) =>
        sorted[Math.Clamp((int)Math.Ceiling(quantile * sorted.Count) - 1, 0, sorted.Count - 1)] / 1000.0;
}
