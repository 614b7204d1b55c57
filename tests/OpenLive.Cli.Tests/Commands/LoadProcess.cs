using System.Diagnostics;
using System.Text.Json;
using OpenLive.Testing;
using OpenLive.Tests.Shared;

namespace OpenLive.Cli.Tests.Commands;

/// <summary>
/// <c>openlive load</c> as the separate process the cluster tests run (the built openlive.dll): its JSON lines as they
/// come, SIGTERM to stop it, its exit code.
/// </summary>
internal sealed class LoadProcess : IDisposable
{
    private readonly Process _process;
    private readonly Lock _gate = new();
    private readonly List<JsonElement> _lines = [];
    private readonly List<string> _errors = [];
    private readonly SemaphoreSlim _changed = new(0);

    private LoadProcess(Process process) => _process = process;

    /// <summary>The lines so far.</summary>
    public IReadOnlyList<JsonElement> Lines
    {
        get
        {
            lock (_gate)
            {
                return [.. _lines];
            }
        }
    }

    /// <summary>Stdout lines that were not JSON (read once the process has exited).</summary>
    public List<string> NotJson { get; } = [];

    /// <summary>What it printed on stderr, for failure messages.</summary>
    public string Errors
    {
        get
        {
            lock (_gate)
            {
                return string.Join('\n', _errors);
            }
        }
    }

    public static LoadProcess Start(string key, params string[] arguments)
    {
        var dll = new[] { "Debug", "Release" }
            .Select(c => RepoPaths.InRoot("src", "OpenLive.Cli", "bin", c, "net10.0", "openlive.dll"))
            .FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("openlive.dll is not built: build src/OpenLive.Cli first.");
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["OPENLIVE_APP_KEY"] = key; // the documented way to keep the key off the command line
        var process = Process.Start(info) ?? throw new InvalidOperationException("openlive load did not start");
        var load = new LoadProcess(process);
        process.OutputDataReceived += (_, e) => load.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (load._gate)
                {
                    load._errors.Add(e.Data);
                }
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return load;
    }

    /// <summary>Waits until <paramref name="condition"/> holds for the lines so far (checked at every new line), or fails after <paramref name="timeout"/>.</summary>
    public async Task WaitUntilAsync(Func<IReadOnlyList<JsonElement>, bool> condition, TimeSpan timeout, string what)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (!condition(Lines))
        {
            if (_process.HasExited)
            {
                _process.WaitForExit(); // drains the redirected output to its end
                throw new Xunit.Sdk.XunitException($"openlive load exited ({_process.ExitCode}) before {what}; the last lines: {string.Join('\n', Lines.TakeLast(10))}; stderr: {Errors}");
            }

            try
            {
                await _changed.WaitAsync(TimeSpan.FromSeconds(1), deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new Xunit.Sdk.XunitException($"no {what} within {timeout}; {Lines.Count} lines, the last: {string.Join('\n', Lines.TakeLast(10))}; stderr: {Errors}");
            }
        }
    }

    /// <summary>SIGTERM, as a test harness or an operator's Ctrl+C (SIGINT) stops it; then its exit code.</summary>
    public async Task<int> TerminateAsync(TimeSpan timeout)
    {
        var (code, _, stderr) = await ExternalProcess.RunAsync("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)], timeout);
        Assert.True(code == 0, stderr);
        using var deadline = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(deadline.Token);
        _process.WaitForExit(); // drains the redirected output to its end
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
        _changed.Dispose();
    }

    private void OnLine(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return;
        }

        lock (_gate)
        {
            try
            {
                using var document = JsonDocument.Parse(text);
                _lines.Add(document.RootElement.Clone());
            }
            catch (JsonException)
            {
                NotJson.Add(text); // asserted empty by the tests: every stdout line must be a JSON object
            }
        }

        _changed.Release();
    }
}
