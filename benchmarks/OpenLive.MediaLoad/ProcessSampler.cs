using System.Globalization;

namespace OpenLive.MediaLoad;

/// <summary>
/// CPU time and resident memory of a process from /proc: utime + stime of the whole process and of one named thread
/// (the SFU's media thread), in clock ticks (USER_HZ, 100 per second on Linux).
/// </summary>
internal sealed class ProcessSampler(int pid, string? threadName = null)
{
    public const double TicksPerSecond = 100;

    private int _threadId;

    public readonly record struct Sample(long ProcessTicks, long ThreadTicks, long ResidentBytes, long At);

    public Sample Take() => new(
        CpuTicks($"/proc/{pid}/stat"),
        threadName is null ? 0 : ThreadTicks(),
        ResidentBytes(),
        System.Diagnostics.Stopwatch.GetTimestamp());

    private long ThreadTicks()
    {
        if (_threadId == 0)
        {
            foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
            {
                var comm = Path.Combine(task, "comm");
                if (File.Exists(comm) && File.ReadAllText(comm).Trim() == threadName)
                {
                    _threadId = int.Parse(Path.GetFileName(task), CultureInfo.InvariantCulture);
                    break;
                }
            }
        }

        return _threadId == 0 ? 0 : CpuTicks($"/proc/{pid}/task/{_threadId}/stat");
    }

    /// <summary>utime + stime: fields 14 and 15 of proc(5) stat, counted after the parenthesised command name.</summary>
    private static long CpuTicks(string statPath)
    {
        var stat = File.ReadAllText(statPath);
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
    }

    private long ResidentBytes()
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
            }
        }

        return 0;
    }
}
