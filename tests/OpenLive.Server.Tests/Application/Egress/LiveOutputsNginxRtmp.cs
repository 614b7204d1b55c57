using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace OpenLive.Server.Tests.Application.Egress;

/// <summary>
/// nginx with Debian's RTMP module as the CDN ingest: its own config and logs in a temp directory, a free loopback port,
/// in the foreground (no daemon, no master), killed when disposed.
/// </summary>
internal sealed class LiveOutputsNginxRtmp : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _directory;

    private LiveOutputsNginxRtmp(Process process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    /// <summary>nginx's error log (connections, publish/play).</summary>
    public string Log => File.Exists(Path.Combine(_directory, "error.log")) ? File.ReadAllText(Path.Combine(_directory, "error.log")) : "";

    public static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static async Task<LiveOutputsNginxRtmp> StartAsync()
    {
        var directory = Directory.CreateTempSubdirectory("openlive-live-nginx-").FullName;
        var port = FreeTcpPort();
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

        var server = new LiveOutputsNginxRtmp(Process.Start(start)!, directory, port);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port);
                return server;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !server._process.HasExited)
            {
                await Task.Delay(50); // nginx binds in its own time; the loop ends at the deadline
            }
            catch (SocketException)
            {
                await server.DisposeAsync();
                throw new InvalidOperationException($"nginx-rtmp did not listen on {port} within 10 s");
            }
        }
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
