using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace OpenLive.Server.Tests.Application.Egress.Recording;

/// <summary>One stream as ffprobe counted it.</summary>
internal sealed record ProbedStream(string Codec, string Type, int Frames, double StartTime);

/// <summary>ffprobe's and ffmpeg's view of a recording: streams with decoded frame counts, the duration, and decode errors.</summary>
internal sealed record RecordingProbe(IReadOnlyList<ProbedStream> Streams, double Duration)
{
    public ProbedStream Stream(string type) => Streams.Single(s => s.Type == type);

    public static async Task<RecordingProbe> ReadAsync(string path)
    {
        var (exit, output, error) = await RunAsync("ffprobe",
            $"-v error -count_frames -show_entries stream=codec_name,codec_type,nb_read_frames,start_time:format=duration -of json \"{path}\"");
        Assert.True(exit == 0, $"ffprobe failed ({exit}): {error}");
        using var document = JsonDocument.Parse(output);
        var streams = document.RootElement.GetProperty("streams").EnumerateArray().Select(s => new ProbedStream(
            s.GetProperty("codec_name").GetString()!,
            s.GetProperty("codec_type").GetString()!,
            s.TryGetProperty("nb_read_frames", out var n) ? int.Parse(n.GetString()!, CultureInfo.InvariantCulture) : 0,
            s.TryGetProperty("start_time", out var t) ? double.Parse(t.GetString()!, CultureInfo.InvariantCulture) : double.NaN)).ToList();
        var format = document.RootElement.GetProperty("format");
        var duration = format.TryGetProperty("duration", out var d) ? double.Parse(d.GetString()!, CultureInfo.InvariantCulture) : double.NaN;
        return new RecordingProbe(streams, duration);
    }

    /// <summary>What ffmpeg printed at level error decoding the whole file: empty when it decodes cleanly.</summary>
    public static async Task<string> DecodeErrorsAsync(string path)
    {
        // -enc_time_base -1: decode into the container's own time base (1 ms for WebM). By default ffmpeg re-times frames
        // to 1/frame-rate for the null muxer, and a valid file whose frames sit half a frame off that grid (a segment
        // after a reconnect gap) rounds two frames to one tick: "non monotonically increasing dts" about a file with
        // strictly increasing times. In the container's base only a real repeat is reported.
        var (exit, _, error) = await RunAsync("ffmpeg", $"-hide_banner -nostdin -v error -i \"{path}\" -enc_time_base -1 -f null -");
        return exit == 0 ? error : $"exit {exit}: {error}";
    }

    /// <summary>
    /// Fails with ffmpeg's whole complaint and each stream's packet timestamps where they do not increase (the
    /// assertion's own display cuts a long text), so a failure says which frames were at fault.
    /// </summary>
    public static async Task AssertDecodesCleanlyAsync(string path)
    {
        var errors = await DecodeErrorsAsync(path);
        if (errors.Length == 0)
        {
            return;
        }

        var (_, packets, _) = await RunAsync("ffprobe", $"-v error -show_entries packet=stream_index,pts,dts,flags -of csv=p=0 \"{path}\"");
        var last = new Dictionary<string, long>();
        var suspicious = new List<string>();
        foreach (var line in packets.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = line.Split(',');
            if (fields.Length >= 3 && long.TryParse(fields[2], out var dts))
            {
                if (last.TryGetValue(fields[0], out var before) && dts <= before)
                {
                    suspicious.Add($"stream {fields[0]}: dts {dts} after {before}");
                }

                last[fields[0]] = dts;
            }
        }

        Assert.Fail($"ffmpeg decode errors: {errors}\nnon-increasing packet times: {string.Join("; ", suspicious.Take(20))}");
    }

    private static async Task<(int Exit, string Output, string Error)> RunAsync(string tool, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(tool, arguments) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(deadline.Token);
        return (process.ExitCode, await output, (await error).Trim());
    }
}
