using System.Diagnostics;
using System.Text.Json;

namespace OpenLive.Testing;

/// <summary>
/// The server as a separate OS process (the built <c>openlive serve</c>), for tests that must kill it for real
/// (SIGKILL) and start it again on the same data directory.
/// </summary>
public sealed class ServerProcess : IDisposable
{
    private readonly Process _process;

    private ServerProcess(Process process, Uri url, uint appId, string key)
    {
        _process = process;
        Url = url;
        AppId = appId;
        Key = key;
    }

    public Uri Url { get; }

    public uint AppId { get; }

    public string Key { get; }

    /// <summary>
    /// Starts <c>openlive serve --dev</c> on <paramref name="dataDirectory"/>. Its HTTP port is picked by the server
    /// itself (port 0) and read back from its banner: a port picked here and passed on could be taken by another
    /// process in between (the suites run in parallel).
    /// </summary>
    public static async Task<ServerProcess> StartAsync(string dataDirectory)
    {
        var dll = new[] { "Debug", "Release" }
            .Select(c => RepoPaths.InRoot("src", "OpenLive.Cli", "bin", c, "net10.0", "openlive.dll"))
            .FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("openlive.dll is not built: run ./test.sh (it builds the solution first).");
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[]
        {
            dll, "serve", "--dev", "--urls", "http://127.0.0.1:0", "--data", dataDirectory, "--media-port", "0",
            "--silo-port", "0",
            "--Logging:LogLevel:Default=Warning",
        })
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("the server did not start");
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, line) =>
        {
            // The banner's "  HTTP:      http://127.0.0.1:PORT" line, printed once the server listens.
            const string Label = "HTTP:";
            var text = line.Data?.Trim();
            if (text is not null && text.StartsWith(Label, StringComparison.Ordinal) && Uri.TryCreate(text[Label.Length..].Trim(), UriKind.Absolute, out var bound))
            {
                listening.TrySetResult(bound);
            }
        };
        process.ErrorDataReceived += (_, _) => { };
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException("the server process exited during start"));
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        Uri url;
        try
        {
            url = await listening.Task.WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw new InvalidOperationException("the server process did not print its address in 60 s");
        }

        using var client = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException(process.HasExited ? "the server process exited during start" : "the server process did not become healthy in 60 s");
            }

            try
            {
                if ((await client.GetAsync("/healthz")).IsSuccessStatusCode)
                {
                    break;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not ready yet.
            }

            await Task.Delay(200);
        }

        var dev = JsonSerializer.Deserialize(await File.ReadAllTextAsync(Path.Combine(dataDirectory, Server.Apps.DevApp.FileName)), Server.Apps.DevAppJson.Default.DevAppFile)!;
        return new ServerProcess(process, url, dev.SdkAppId, dev.Key);
    }

    /// <summary>SIGKILL: no shutdown code runs, as in a crash or power cut of the process.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }
}
