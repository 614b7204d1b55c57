using System.Diagnostics;
using System.Text.Json;
using System.Threading.Channels;

namespace OpenLive.Rtc.Client.Tests;

/// <summary>
/// A libwebrtc peer in a node process (<c>wrtc-peer.cjs</c> with the <c>@roamhq/wrtc</c> package), driven by JSON
/// lines on its stdin and stdout. node_modules comes from NODE_PATH when set, else the checkout's own (npm ci).
/// </summary>
internal sealed class WrtcPeer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Channel<JsonElement> _messages = Channel.CreateUnbounded<JsonElement>();
    private readonly Task _reader;
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Type, string Kind), JsonElement> _stats = [];
    private readonly List<string> _events = [];
    private readonly System.Text.StringBuilder _stderr = new();

    private WrtcPeer(Process process)
    {
        _process = process;
        _reader = Task.Run(ReadAsync);
        process.ErrorDataReceived += (_, e) =>
        {
            lock (_gate)
            {
                _stderr.AppendLine(e.Data);
            }
        };
        process.BeginErrorReadLine();
    }

    /// <summary>Events seen so far ("track:video", "state:connected", …).</summary>
    public IReadOnlyList<string> Events
    {
        get
        {
            lock (_gate)
            {
                return [.. _events];
            }
        }
    }

    /// <summary>Skips the test when node is not installed; fails it when the wrtc package cannot be found.</summary>
    public static WrtcPeer Start(string mode)
    {
        var node = FindOnPath("node");
        Assert.SkipWhen(node is null, "node is not installed");
        var modules = Environment.GetEnvironmentVariable("NODE_PATH") is { Length: > 0 } configured ? configured : Path.Combine(RepoRoot(), "node_modules");
        Assert.True(
            Directory.Exists(Path.Combine(modules, "@roamhq", "wrtc")),
            $"@roamhq/wrtc is not under {modules}: run npm ci in the checkout (./test.sh does) or set NODE_PATH.");
        var info = new ProcessStartInfo(node!)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["NODE_PATH"] = modules;
        info.ArgumentList.Add(Path.Combine(RepoRoot(), "tests", "OpenLive.Rtc.Client.Tests", "wrtc-peer.cjs"));
        info.ArgumentList.Add(mode);
        return new WrtcPeer(Process.Start(info) ?? throw new InvalidOperationException("node did not start"));
    }

    public async Task SendAsync(string type, string sdp)
    {
        var line = JsonSerializer.Serialize(new Dictionary<string, string> { ["type"] = type, ["sdp"] = sdp });
        await _process.StandardInput.WriteLineAsync(line.AsMemory(), TestContext.Current.CancellationToken);
        await _process.StandardInput.FlushAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>The SDP of the next <c>{type}</c> message.</summary>
    public async Task<string> ReceiveSdpAsync(string type, TimeSpan limit)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(limit);
        try
        {
            await foreach (var message in _messages.Reader.ReadAllAsync(timeout.Token))
            {
                if (message.TryGetProperty("type", out var kind) && kind.GetString() == type)
                {
                    return message.GetProperty("sdp").GetString()!;
                }
            }
        }
        catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
        }

        throw new TimeoutException($"wrtc sent no {type} within {limit}; stderr: {Stderr}");
    }

    /// <summary>A counter of the latest inbound-rtp/outbound-rtp stats of a kind, 0 before any.</summary>
    public long Stat(string type, string kind, string name)
    {
        lock (_gate)
        {
            return _stats.TryGetValue((type, kind), out var stats) && stats.TryGetProperty(name, out var value) ? value.GetInt64() : 0;
        }
    }

    public string Stderr
    {
        get
        {
            lock (_gate)
            {
                return _stderr.ToString();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _process.StandardInput.Close();
        using var exit = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await _process.WaitForExitAsync(exit.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _reader;
        _process.Dispose();
    }

    private async Task ReadAsync()
    {
        while (await _process.StandardOutput.ReadLineAsync() is { } line)
        {
            JsonElement message;
            try
            {
                message = JsonDocument.Parse(line).RootElement.Clone();
            }
            catch (JsonException)
            {
                continue;
            }

            if (message.TryGetProperty("event", out var kind))
            {
                lock (_gate)
                {
                    switch (kind.GetString())
                    {
                        case "stats":
                            _stats[(message.GetProperty("type").GetString()!, message.GetProperty("kind").GetString()!)] = message;
                            break;
                        case "track":
                            _events.Add($"track:{message.GetProperty("kind").GetString()}");
                            break;
                        case "state":
                            _events.Add($"state:{message.GetProperty("state").GetString()}");
                            break;
                        case "error":
                            _stderr.AppendLine(message.GetProperty("message").GetString());
                            break;
                    }
                }

                continue;
            }

            await _messages.Writer.WriteAsync(message);
        }

        _messages.Writer.TryComplete();
    }

    private static string? FindOnPath(string name)
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static string RepoRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "OpenLive.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No OpenLive.sln above {AppContext.BaseDirectory}.");
    }
}
