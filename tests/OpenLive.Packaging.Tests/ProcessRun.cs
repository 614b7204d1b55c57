using System.Diagnostics;
using System.Text;

namespace OpenLive.Packaging.Tests;

/// <summary>A child process (dotnet pack/build, a sample) with its output captured and a deadline that kills it.</summary>
internal sealed class ProcessRun : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Lock _gate = new();

    private ProcessRun(Process process)
    {
        _process = process;
    }

    /// <summary>Standard output and error so far, interleaved as they arrived.</summary>
    public string Output
    {
        get
        {
            lock (_gate)
            {
                return _output.ToString();
            }
        }
    }

    public event Action<string>? LineWritten;

    public static ProcessRun Start(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] arguments) =>
        StartProgram("dotnet", workingDirectory, environment, arguments);

    /// <summary>Another program than dotnet (an installed tool's command), with the same environment rules.</summary>
    public static ProcessRun StartProgram(string program, string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        var info = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        // A build here must not join the build server or the node reuse of the repository's builds, nor see their settings.
        info.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        var run = new ProcessRun(new Process { StartInfo = info });
        run._process.OutputDataReceived += (_, e) => run.Append(e.Data);
        run._process.ErrorDataReceived += (_, e) => run.Append(e.Data);
        run._process.Start();
        run._process.BeginOutputReadLine();
        run._process.BeginErrorReadLine();
        return run;
    }

    /// <summary>Runs to the end: the exit code and the output, or a TimeoutException with the output so far.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string workingDirectory, TimeSpan deadline, IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        await using var run = Start(workingDirectory, environment, arguments);
        var exit = await run.WaitForExitAsync(deadline).ConfigureAwait(false);
        return (exit, run.Output);
    }

    /// <summary>Runs <paramref name="program"/> to the end, as <see cref="RunAsync"/> runs dotnet.</summary>
    public static async Task<(int ExitCode, string Output)> RunProgramAsync(string program, string workingDirectory, TimeSpan deadline, IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        await using var run = StartProgram(program, workingDirectory, environment, arguments);
        var exit = await run.WaitForExitAsync(deadline).ConfigureAwait(false);
        return (exit, run.Output);
    }

    public async Task<int> WaitForExitAsync(TimeSpan deadline)
    {
        using var timeout = new CancellationTokenSource(deadline);
        try
        {
            await _process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{_process.StartInfo.FileName} {string.Join(' ', _process.StartInfo.ArgumentList)} did not end within {deadline.TotalSeconds:0} s; its output:{Environment.NewLine}{Output}");
        }

        // The asynchronous readers may still hold the last lines; WaitForExit() without a timeout drains them.
        _process.WaitForExit();
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().ConfigureAwait(false);
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            _output.AppendLine(line);
        }

        LineWritten?.Invoke(line);
    }
}
