using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace OpenLive.Egress.Tests.Ffmpeg;

/// <summary>Runs ffmpeg/ffprobe for the tests (argument lists, no shell) with a deadline.</summary>
internal static class ExternalTool
{
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string file, IEnumerable<string> arguments, TimeSpan deadline)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(deadline);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            await process.WaitForExitAsync();
            throw new TimeoutException($"{file} {string.Join(' ', start.ArgumentList)} did not finish within {deadline}: {await stderr}");
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>The codec names ffprobe finds in <paramref name="input"/> (a playlist or an rtmp:// URL), sorted, once each (a playlist lists its streams per program too).</summary>
    public static async Task<string[]> ProbeCodecsAsync(string input)
    {
        var (code, stdout, stderr) = await RunAsync(
            "ffprobe", ["-v", "error", "-rw_timeout", "10000000", "-show_entries", "stream=codec_name", "-of", "csv=p=0", input], TimeSpan.FromSeconds(30));
        Assert.True(code == 0, $"ffprobe {input} exited with {code}: {stderr}");
        return [.. stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().Order(StringComparer.Ordinal)];
    }
}
