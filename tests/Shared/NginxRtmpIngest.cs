using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace OpenLive.Tests.Shared;

/// <summary>
/// nginx with Debian's RTMP module as the CDN ingest of the RTMP tests: its own config and logs in a temp directory, a
/// loopback port, in the foreground (no daemon, no master), killed when disposed. Compiled into the test assemblies that
/// push RTMP (Egress.Tests, Server.Tests).
/// </summary>
/// <remarks>
/// nginx cannot be told to bind port 0 and report it, so its port is one claimed below the ephemeral range
/// (<see cref="OpenLive.Testing.TestPorts"/>), which no other bind on the machine can take in between.
/// </remarks>
internal sealed class NginxRtmpIngest : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _directory;

    private NginxRtmpIngest(Process process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    /// <summary>nginx's error log (connections, publish/play).</summary>
    public string Log => ReadLog(_directory);

    public static async Task<NginxRtmpIngest> StartAsync()
    {
        var directory = Directory.CreateTempSubdirectory("openlive-nginx-rtmp-").FullName;
        var port = OpenLive.Testing.TestPorts.Claim();
        var ingest = new NginxRtmpIngest(await LaunchAsync(directory, port), directory, port);
        if (await ingest.ListeningAsync(TimeSpan.FromSeconds(10)))
        {
            return ingest;
        }

        var log = ingest.Log;
        await ingest.DisposeAsync();
        throw new InvalidOperationException($"nginx-rtmp did not listen on {port} within 10 s: {log}");
    }

    private static async Task<Process> LaunchAsync(string directory, int port)
    {
        var config = Path.Combine(directory, "nginx.conf");
        await File.WriteAllTextAsync(config, $$"""
            load_module /usr/lib/nginx/modules/ngx_rtmp_module.so;
            daemon off;
            master_process off;
            pid {{directory}}/nginx.pid;
            error_log {{directory}}/error.log info;
            events { worker_connections 64; }
            rtmp { server { listen 127.0.0.1:{{port}}; application live { live on; record off; } } }
            """);
        var start = new ProcessStartInfo("nginx") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in new[] { "-p", directory, "-c", config, "-e", Path.Combine(directory, "error.log") })
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start)!;
    }

    /// <summary>Whether nginx accepts a connection before <paramref name="deadline"/>; false as soon as it has exited.</summary>
    private async Task<bool> ListeningAsync(TimeSpan deadline)
    {
        var until = DateTime.UtcNow + deadline;
        while (!_process.HasExited && DateTime.UtcNow < until)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, Port);
                return true;
            }
            catch (SocketException)
            {
                await Task.Delay(50); // nginx binds in its own time; the loop ends when it exits or at the deadline
            }
        }

        return false;
    }

    private static string ReadLog(string directory)
    {
        var path = Path.Combine(directory, "error.log");
        return File.Exists(path) ? File.ReadAllText(path) : "";
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
