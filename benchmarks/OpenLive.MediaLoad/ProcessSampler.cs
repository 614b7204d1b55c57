using System.Globalization;

namespace OpenLive.MediaLoad;

/// <summary>
/// CPU time and resident memory of a process from /proc: utime + stime (proc(5) stat fields 14 and 15, in clock ticks,
/// USER_HZ = 100 per second on Linux) of the whole process, of its SFU media thread, and of its JIT's background
/// tiering threads (which can run for a while after start and would otherwise be billed to forwarding).
/// </summary>
internal sealed class ProcessSampler(int pid)
{
    public const double TicksPerSecond = 100;

    private const string MediaThread = "openlive-media";
    private const string JitThread = ".NET Tiered Com"; // ".NET Tiered Compilation Worker", cut to 15 characters

    public Sample Take()
    {
        long media = 0;
        var jit = new Dictionary<int, long>();
        foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
        {
            try
            {
                var name = File.ReadAllText(Path.Combine(task, "comm")).TrimEnd('\n');
                if (name is MediaThread or JitThread)
                {
                    var ticks = CpuTicks(Path.Combine(task, "stat"));
                    if (name == MediaThread)
                    {
                        media = ticks;
                    }
                    else
                    {
                        jit[int.Parse(Path.GetFileName(task), CultureInfo.InvariantCulture)] = ticks;
                    }
                }
            }
            catch (IOException)
            {
                // The thread ended while we looked.
            }
        }

        return new Sample(CpuTicks($"/proc/{pid}/stat"), media, jit, ResidentBytes(), System.Diagnostics.Stopwatch.GetTimestamp());
    }

    /// <summary>utime + stime, counted after the parenthesised command name (which may hold spaces).</summary>
    private static long CpuTicks(string statPath)
    {
        var stat = File.ReadAllText(statPath);
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
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

    /// <summary>One reading; <see cref="JitTicks"/> by thread id, since those threads come and go.</summary>
    public sealed record Sample(long ProcessTicks, long MediaThreadTicks, Dictionary<int, long> JitTicks, long ResidentBytes, long At)
    {
        /// <summary>JIT tiering CPU since <paramref name="earlier"/> (threads that ended in between are missed).</summary>
        public long JitTicksSince(Sample earlier)
        {
            long total = 0;
            foreach (var (thread, ticks) in JitTicks)
            {
                total += ticks - earlier.JitTicks.GetValueOrDefault(thread);
            }

            return total;
        }
    }
}
