using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace OpenLive.Testing;

/// <summary>
/// Ports for a test to hand to something that binds them later (Redis, PostgreSQL, coturn, nginx, a cluster node's
/// silo), and ports that nothing listens on.
/// </summary>
/// <remarks>
/// Picking a port by binding 0 and closing it races every later bind(0) and every outgoing connection on the machine:
/// the kernel hands out ports of the ephemeral range (<c>ip_local_port_range</c>) to both, and one of them may take the
/// port before its owner binds it — a test start then failing once in a few hundred. These ports come from just below
/// that range, which the kernel never hands out by itself; each is claimed across this machine's test processes by an
/// exclusive lock on a file named after it (held until this process ends, released by the kernel even on a crash) and
/// is bound once, TCP and UDP, to see that nothing else holds it.
/// </remarks>
internal static class TestPorts
{
    private const int Span = 8000;
    private static readonly Lock Gate = new();
    private static readonly List<FileStream> Claims = [];
    private static readonly (int First, int Count) Range = BelowEphemeralRange();
    private static int _next = Random.Shared.Next(Range.Count);

    /// <summary>A loopback port free for TCP and UDP, claimed for the rest of this process.</summary>
    public static int Claim()
    {
        var directory = Path.Combine(Path.GetTempPath(), "openlive-test-ports");
        Directory.CreateDirectory(directory);
        lock (Gate)
        {
            for (var tried = 0; tried < Range.Count; tried++)
            {
                var port = Range.First + (_next++ % Range.Count);
                FileStream claim;
                try
                {
                    // FileShare.None takes an exclusive flock on Unix: another test process holding this port fails here.
                    claim = new FileStream(Path.Combine(directory, port.ToString(CultureInfo.InvariantCulture)), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                }
                catch (IOException)
                {
                    continue;
                }

                if (!Unbound(port))
                {
                    claim.Dispose();
                    continue;
                }

                Claims.Add(claim);
                return port;
            }
        }

        throw new InvalidOperationException($"no free port left in {Range.First}-{Range.First + Range.Count - 1}");
    }

    private static bool Unbound(int port)
    {
        try
        {
            using var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            tcp.Bind(new IPEndPoint(IPAddress.Loopback, port));
            using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            udp.Bind(new IPEndPoint(IPAddress.Loopback, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static (int First, int Count) BelowEphemeralRange()
    {
        var low = 32768; // Linux's default start of ip_local_port_range
        try
        {
            var range = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            low = int.Parse(range[0], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            // Not Linux, or no procfs: keep the default.
        }

        var first = Math.Max(1024, low - Span);
        return (first, Math.Max(1, low - first));
    }
}
