using System.Globalization;

namespace OpenLive.MediaLoad;

/// <summary>
/// CPU time and resident memory of a process from /proc: utime + stime (proc(5) stat fields 14 and 15, in clock ticks,
/// USER_HZ = 100 per second on Linux) of the whole process and of each of its threads, so a window's server CPU can be
/// split into the SFU's media thread, the JIT's background tiering (which runs for a while after start and after new
/// code paths, and would otherwise be billed to forwarding), and the rest.
/// </summary>
internal sealed class ProcessSampler(int pid)
{
    public const double TicksPerSecond = 100;

    public const string MediaThread = "openlive-media";

    public const string JitThread = ".NET Tiered Com"; // ".NET Tiered Compilation Worker", cut to 15 characters

    public Sample Take()
    {
        var threads = new Dictionary<int, (string Name, long Ticks)>();
        foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
        {
            try
            {
                var name = File.ReadAllText(Path.Combine(task, "comm")).TrimEnd('\n');
                threads[int.Parse(Path.GetFileName(task), CultureInfo.InvariantCulture)] = (name, CpuTicks(Path.Combine(task, "stat")));
            }
            catch (IOException)
            {
                // The thread ended while we looked.
            }
        }

        return new Sample(CpuTicks($"/proc/{pid}/stat"), threads, ResidentBytes(), System.Diagnostics.Stopwatch.GetTimestamp());
    }

    /// <summary>CPU ticks the whole machine spent busy (all CPUs; /proc/stat's first line minus idle and iowait).</summary>
    public static long MachineBusyTicks()
    {
        using var reader = new StreamReader("/proc/stat");
        var fields = reader.ReadLine()!.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        long busy = 0;
        for (var i = 1; i < fields.Length && i <= 8; i++)
        {
            if (i is not (4 or 5))
            {
                busy += long.Parse(fields[i], CultureInfo.InvariantCulture);
            }
        }

        return busy;
    }

    /// <summary>The machine's UDP error counters from /proc/net/snmp: datagrams dropped for a full receive or send buffer.</summary>
    public static UdpErrors ReadUdpErrors()
    {
        var lines = File.ReadAllLines("/proc/net/snmp").Where(l => l.StartsWith("Udp:", StringComparison.Ordinal)).ToArray();
        if (lines.Length < 2)
        {
            return default;
        }

        var names = lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var values = lines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        long Value(string name) => long.Parse(values[Array.IndexOf(names, name)], CultureInfo.InvariantCulture);
        return new UdpErrors(Value("RcvbufErrors"), Value("SndbufErrors"));
    }

    /// <summary>utime + stime, counted after the parenthesised command name (which may hold spaces).</summary>
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

    public readonly record struct UdpErrors(long ReceiveBufferErrors, long SendBufferErrors);

    /// <summary>One reading; threads by id, since some come and go.</summary>
    public sealed record Sample(long ProcessTicks, Dictionary<int, (string Name, long Ticks)> Threads, long ResidentBytes, long At)
    {
        /// <summary>CPU ticks since <paramref name="earlier"/> by thread name (threads that ended in between are missed).</summary>
        public Dictionary<string, long> TicksByThreadNameSince(Sample earlier)
        {
            var byName = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var (id, (name, ticks)) in Threads)
            {
                var before = earlier.Threads.TryGetValue(id, out var old) && old.Name == name ? old.Ticks : 0;
                byName[name] = byName.GetValueOrDefault(name) + ticks - before;
            }

            return byName;
        }
    }
}
