using OpenLive.Egress.Ffmpeg;

namespace OpenLive.Server.Application.Egress;

/// <summary>One running live output: its kind, its URL (the HLS playlist's path, or the RTMP ingest with its key redacted) and its ffmpeg.</summary>
internal sealed class LiveOutput(FfmpegOutputKind kind, string url, string? directory, FfmpegOutput ffmpeg)
{
    /// <summary>HLS or RTMP.</summary>
    public FfmpegOutputKind Kind { get; } = kind;

    /// <summary>For HLS the playlist's URL path (<c>/live/…/index.m3u8</c>); for RTMP the ingest, stream key redacted.</summary>
    public string Url { get; } = url;

    /// <summary>The HLS output's directory (null for RTMP).</summary>
    public string? Directory { get; } = directory;

    /// <summary>The supervised ffmpeg: its events (one reader) and its completion (the Ended event, with an error or not).</summary>
    public FfmpegOutput Ffmpeg { get; } = ffmpeg;

    /// <summary>Stops the output: ffmpeg finishes its files (the HLS playlist gets #EXT-X-ENDLIST); HLS files stay for the grace.</summary>
    public Task StopAsync() => Ffmpeg.StopAsync();
}

/// <summary>What a start gave: the outputs started, or why none was (<see cref="Problem"/>, for the caller's error).</summary>
internal sealed record LiveOutputStart(IReadOnlyList<LiveOutput> Outputs, string? Problem)
{
    public static LiveOutputStart Refused(string problem) => new([], problem);
}
