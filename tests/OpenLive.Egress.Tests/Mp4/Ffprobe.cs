using System.Globalization;
using System.Text.Json;

namespace OpenLive.Egress.Tests.Mp4;

/// <summary>What ffprobe reads from a recording, and ffmpeg's decode check.</summary>
internal static class Ffprobe
{
    /// <summary>One stream as ffprobe sees it, frames counted by decoding (<c>-count_frames</c>).</summary>
    public sealed record StreamInfo(string CodecType, string CodecName, string CodecTag, int Frames, double StartTime, int Width, int Height);

    /// <summary>The streams and the container duration of <paramref name="file"/>.</summary>
    public static async Task<(List<StreamInfo> Streams, double Duration)> ProbeAsync(string file)
    {
        var json = await MediaTool.RunCheckedAsync("ffprobe", "-v", "error", "-count_frames", "-show_entries",
            "stream=codec_type,codec_name,codec_tag_string,nb_read_frames,start_time,width,height:format=duration", "-of", "json", file);
        return Parse(json);
    }

    /// <summary>The same, for bytes fed to ffprobe on its standard input (a non-seekable pipe).</summary>
    public static async Task<(List<StreamInfo> Streams, double Duration)> ProbePipeAsync(Func<Stream, Task> feed)
    {
        var (code, json, stderr) = await MediaTool.RunAsync("ffprobe", ["-v", "error", "-count_frames", "-show_entries",
            "stream=codec_type,codec_name,codec_tag_string,nb_read_frames,start_time,width,height:format=duration", "-of", "json", "-i", "pipe:0"], feed);
        Assert.True(code == 0, $"ffprobe on a pipe exited {code}: {stderr}");
        Assert.True(stderr.Length == 0, $"ffprobe on a pipe reported: {stderr}");
        return Parse(json);
    }

    /// <summary>The picture sizes of the decoded video frames, in order.</summary>
    public static async Task<List<(int Width, int Height)>> FrameSizesAsync(string file)
    {
        var json = await MediaTool.RunCheckedAsync("ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries", "frame=width,height", "-of", "json", file);
        using var document = JsonDocument.Parse(json);
        return [.. document.RootElement.GetProperty("frames").EnumerateArray().Select(f => (f.GetProperty("width").GetInt32(), f.GetProperty("height").GetInt32()))];
    }

    /// <summary>ffmpeg decodes the whole file; returns what it reported at level error (empty: no decode error).</summary>
    public static async Task<string> DecodeErrorsAsync(string file)
    {
        var (code, _, stderr) = await MediaTool.RunAsync("ffmpeg", ["-v", "error", "-i", file, "-f", "null", "-"]);
        return code == 0 ? stderr : $"exit {code}: {stderr}";
    }

    private static (List<StreamInfo> Streams, double Duration) Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var streams = new List<StreamInfo>();
        foreach (var s in document.RootElement.GetProperty("streams").EnumerateArray())
        {
            streams.Add(new StreamInfo(
                s.GetProperty("codec_type").GetString()!,
                s.GetProperty("codec_name").GetString()!,
                s.TryGetProperty("codec_tag_string", out var tag) ? tag.GetString()! : "",
                int.Parse(s.GetProperty("nb_read_frames").GetString()!, CultureInfo.InvariantCulture),
                s.TryGetProperty("start_time", out var start) ? double.Parse(start.GetString()!, CultureInfo.InvariantCulture) : double.NaN,
                s.TryGetProperty("width", out var w) ? w.GetInt32() : 0,
                s.TryGetProperty("height", out var h) ? h.GetInt32() : 0));
        }

        var duration = document.RootElement.TryGetProperty("format", out var format) && format.TryGetProperty("duration", out var d)
            ? double.Parse(d.GetString()!, CultureInfo.InvariantCulture)
            : double.NaN;
        return (streams, duration);
    }
}
