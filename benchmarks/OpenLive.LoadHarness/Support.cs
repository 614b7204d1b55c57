using System.Globalization;

namespace OpenLive.LoadHarness;

internal sealed record HarnessSettings(Uri Server, string DataDirectory, int ServerPid, int[] Stages, int RoomSize, int Parallel, string Mode, int Messages, string Store, int Seconds, double Minutes, string PhaseFile)
{
    public static HarnessSettings Parse(string[] args)
    {
        string Value(string name, string fallback)
        {
            var index = Array.IndexOf(args, name);
            return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
        }

        return new HarnessSettings(
            new Uri(Value("--server", "http://127.0.0.1:7880")),
            Value("--data", "./data"),
            int.Parse(Value("--server-pid", "0"), CultureInfo.InvariantCulture),
            [.. Value("--stages", "1000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture))],
            int.Parse(Value("--room-size", "100"), CultureInfo.InvariantCulture),
            int.Parse(Value("--parallel", "64"), CultureInfo.InvariantCulture),
            Value("--mode", "control-plane"),
            int.Parse(Value("--messages", "200"), CultureInfo.InvariantCulture),
            Value("--store", "sqlite"),
            int.Parse(Value("--seconds", "10"), CultureInfo.InvariantCulture),
            double.Parse(Value("--minutes", "30"), CultureInfo.InvariantCulture),
            Value("--phase-file", Path.Combine(Path.GetTempPath(), "openlive-soak.phase")));
    }
}

internal static class ProcessMemory
{
    /// <summary>VmRSS of a process from /proc (0 when unknown).</summary>
    public static long ResidentBytes(int pid)
    {
        var path = $"/proc/{pid}/status";
        if (pid <= 0 || !File.Exists(path))
        {
            return 0;
        }

        foreach (var line in File.ReadLines(path))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                var kb = line["VmRSS:".Length..].Trim().Split(' ')[0];
                return long.Parse(kb, CultureInfo.InvariantCulture) * 1024;
            }
        }

        return 0;
    }
}

internal readonly record struct Percentiles(double P50, double P99)
{
    public static Percentiles Of(double[] samples)
    {
        var sorted = samples.Where(double.IsFinite).Order().ToArray();
        return sorted.Length == 0 ? new(double.NaN, double.NaN) : new(At(sorted, 0.50), At(sorted, 0.99));
    }

    private static double At(double[] sorted, double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
}
