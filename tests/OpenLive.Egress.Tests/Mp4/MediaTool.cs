using System.Diagnostics;
using System.Text;

namespace OpenLive.Egress.Tests.Mp4;

/// <summary>Runs ffmpeg and ffprobe (Debian packages, installed by test.sh) with a deadline, capturing their output.</summary>
internal static class MediaTool
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120);

    /// <summary>Runs <paramref name="tool"/> and returns its exit code, stdout and stderr; fails the test on the deadline.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string tool, IEnumerable<string> arguments, Func<Stream, Task>? feedStdin = null)
    {
        var start = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = feedStdin is not null,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (feedStdin is not null)
        {
            await using (var stdin = process.StandardInput.BaseStream)
            {
                await feedStdin(stdin);
            }
        }

        using var timeout = new CancellationTokenSource(Deadline);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{tool} {string.Join(' ', start.ArgumentList)} still running after {Deadline.TotalSeconds} s; stderr so far: {Tail(await stderr)}");
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Runs a tool that must succeed; returns stdout.</summary>
    public static async Task<string> RunCheckedAsync(string tool, params string[] arguments)
    {
        var (code, stdout, stderr) = await RunAsync(tool, arguments);
        Assert.True(code == 0, $"{tool} {string.Join(' ', arguments)} exited {code}: {Tail(stderr)}");
        return stdout;
    }

    private static string Tail(string text) => text.Length <= 2000 ? text : new StringBuilder("…").Append(text.AsSpan(text.Length - 2000)).ToString();
}
