using System.Diagnostics;
using System.Net.Sockets;

namespace OpenLive.Egress.Tests.Ffmpeg;

/// <summary>
/// nginx with Debian's RTMP module as the CDN ingest: its own config and logs in a temp directory, a free loopback
/// port, in the foreground (no daemon, no master), killed when disposed.
/// </summary>
internal sealed class NginxRtmp : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _directory;

    private NginxRtmp(Process process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    public static async Task<NginxRtmp> StartAsync()
    {
        var directory = Directory.CreateTempSubdirectory("openlive-nginx-rtmp-").FullName;
        var port = ExternalTool.FreeTcpPort();
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

        var process = Process.Start(start)!;
        var server = new NginxRtmp(process, directory, port);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync("127.0.0.1", port);
                return server;
            }
            catch (SocketException e) when (DateTime.UtcNow < deadline && !process.HasExited)
            {
                _ = e;
                await Task.Delay(50);
            }
            catch (SocketException)
            {
                await server.DisposeAsync();
                throw new InvalidOperationException($"nginx-rtmp did not listen on {port} within 10 s (exited: {process.HasExited})");
            }
        }
    }

    /// <summary>nginx's error log (connections, publish/play).</summary>
    public string Log => File.Exists(Path.Combine(_directory, "error.log")) ? File.ReadAllText(Path.Combine(_directory, "error.log")) : "";

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
