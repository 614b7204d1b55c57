using System.Globalization;
using OpenLive.Egress.Media;

namespace OpenLive.Egress.Ffmpeg;

/// <summary>The kinds of ffmpeg output.</summary>
public enum FfmpegOutputKind
{
    /// <summary>Live HLS: fMP4 segments and a sliding playlist in a directory under the recordings root.</summary>
    Hls,

    /// <summary>RTMP push: H.264 + AAC in FLV to an operator's rtmp:// or rtmps:// URL.</summary>
    Rtmp,
}

/// <summary>
/// Where one ffmpeg process writes: validated when created (<see cref="HlsOutputTarget.TryCreate(string, string, string, out HlsOutputTarget?, out string)"/>,
/// <see cref="RtmpOutputTarget.TryCreate"/>), so every value that reaches ffmpeg's argument list was checked.
/// </summary>
public abstract class FfmpegOutputTarget
{
    private protected FfmpegOutputTarget()
    {
    }

    /// <summary>The kind of output.</summary>
    public abstract FfmpegOutputKind Kind { get; }

    /// <summary>What the output is, safe to log (an RTMP stream key is redacted).</summary>
    public abstract string Description { get; }

    /// <summary>Removes the output's secrets (an RTMP stream key) from a text such as a line of ffmpeg's stderr.</summary>
    public abstract string Redact(string text);

    /// <summary>Checks (and for HLS creates) the destination before ffmpeg is started; false with why not.</summary>
    internal abstract bool TryPrepare(out string problem);

    /// <summary>The output half of ffmpeg's argument list: codecs, muxer and destination.</summary>
    internal abstract void AppendOutputArguments(List<string> arguments, LiveFeedFormat format, FfmpegOutputOptions options);

    /// <summary>
    /// H.264 + AAC for both HLS and FLV: H.264 is copied as it arrives; VP8/VP9/AV1 are transcoded by libx264 with the
    /// zero-latency tuning and a keyframe at every multiple of <paramref name="keyframeSeconds"/> (so each segment
    /// starts with one); Opus becomes AAC-LC.
    /// </summary>
    private protected static void AppendCodecArguments(List<string> arguments, LiveFeedFormat format, double keyframeSeconds)
    {
        arguments.AddRange(["-map", "0:v:0?", "-map", "0:a:0?"]);
        if (format.VideoCodec is EgressCodec.H264)
        {
            arguments.AddRange(["-c:v", "copy"]);
        }
        else if (format.VideoCodec is not null)
        {
            var seconds = keyframeSeconds.ToString("0.###", CultureInfo.InvariantCulture);
            arguments.AddRange([
                "-c:v", "libx264", "-preset", "veryfast", "-tune", "zerolatency", "-pix_fmt", "yuv420p",
                "-force_key_frames", $"expr:gte(t,n_forced*{seconds})", "-sc_threshold", "0",
            ]);
        }

        if (format.HasAudio)
        {
            arguments.AddRange(["-c:a", "aac", "-b:a", "128k"]);
        }
    }
}
