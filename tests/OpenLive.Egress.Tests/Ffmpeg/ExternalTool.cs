using System.Net;
using System.Net.Sockets;

using OpenLive.Tests.Shared;

namespace OpenLive.Egress.Tests.Ffmpeg;

/// <summary>Runs ffmpeg/ffprobe for the tests (argument lists, no shell) with a deadline.</summary>
internal static class ExternalTool
{
    public static Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string file, IEnumerable<string> arguments, TimeSpan deadline) =>
        ExternalProcess.RunAsync(file, arguments, deadline);

    /// <summary>The codec names ffprobe finds in <paramref name="input"/> (a playlist or an rtmp:// URL), sorted, once each (a playlist lists its streams per program too).</summary>
    public static async Task<string[]> ProbeCodecsAsync(string input)
    {
        var (code, stdout, stderr) = await RunAsync(
            "ffprobe", ["-v", "error", "-rw_timeout", "10000000", "-show_entries", "stream=codec_name", "-of", "csv=p=0", input], TimeSpan.FromSeconds(30));
        Assert.True(code == 0, $"ffprobe {input} exited with {code}: {stderr}");
        return [.. stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().Order(StringComparer.Ordinal)];
    }
}
