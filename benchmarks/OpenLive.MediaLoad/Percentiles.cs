using System.Globalization;

namespace OpenLive.MediaLoad;

/// <summary>Percentiles of frame latencies (nearest rank), in milliseconds.</summary>
internal readonly record struct Percentiles(int Count, double P50Ms, double P90Ms, double P99Ms, double P999Ms, double MaxMs)
{
    /// <summary>Of samples in microseconds (sorted in place).</summary>
    public static Percentiles Of(List<long> samples)
    {
        if (samples.Count == 0)
        {
            return new Percentiles(0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
        }

        samples.Sort();
        return new Percentiles(samples.Count, At(samples, 0.50), At(samples, 0.90), At(samples, 0.99), At(samples, 0.999), samples[^1] / 1000.0);
    }

    private static double At(List<long> sorted, double quantile) =>
        sorted[Math.Clamp((int)Math.Ceiling(quantile * sorted.Count) - 1, 0, sorted.Count - 1)] / 1000.0;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"p50 {P50Ms:F3} / p90 {P90Ms:F3} / p99 {P99Ms:F3} / p99.9 {P999Ms:F3} / max {MaxMs:F3} ms ({Count} samples)");
}

/// <summary>Gathers the receivers' latency samples (µs): as measured, or paired frame by frame with the direct path.</summary>
internal static class LatencySamples
{
    /// <summary>Every receiver's samples: to its receive thread (<paramref name="socket"/> false) or to the kernel's arrival stamp.</summary>
    public static List<long> Raw(IEnumerable<FrameReceiver> receivers, bool socket)
    {
        var all = new List<long>();
        foreach (var receiver in receivers)
        {
            foreach (var sample in socket ? receiver.ArrivalSamples : receiver.Samples)
            {
                if (sample >= 0)
                {
                    all.Add(sample);
                }
            }
        }

        return all;
    }

    /// <summary>
    /// What the SFU added to each frame at each receiver: its latency minus the same frame's latency on the direct path.
    /// Both copies of a frame left the publisher together (packets interleaved), so whatever delayed the publisher —
    /// the harness's own core, a GC — cancels out, which subtracting whole-distribution percentiles cannot do.
    /// </summary>
    public static List<long> AddedOverDirect(IEnumerable<FrameReceiver> receivers, FrameReceiver direct, bool socket)
    {
        var directByFrame = new Dictionary<uint, long>();
        var directSamples = socket ? direct.ArrivalSamples : direct.Samples;
        var directFrames = direct.SampleFrames;
        for (var i = 0; i < Math.Min(directSamples.Length, directFrames.Length); i++)
        {
            if (directSamples[i] >= 0)
            {
                directByFrame[directFrames[i]] = directSamples[i];
            }
        }

        var added = new List<long>();
        foreach (var receiver in receivers)
        {
            var samples = socket ? receiver.ArrivalSamples : receiver.Samples;
            var frames = receiver.SampleFrames;
            for (var i = 0; i < Math.Min(samples.Length, frames.Length); i++)
            {
                if (samples[i] >= 0 && directByFrame.TryGetValue(frames[i], out var baseline))
                {
                    added.Add(samples[i] - baseline);
                }
            }
        }

        return added;
    }
}
