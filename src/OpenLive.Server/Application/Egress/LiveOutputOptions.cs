using System.ComponentModel.DataAnnotations;

namespace OpenLive.Server.Application.Egress;

/// <summary>
/// The live outputs of egress (<c>OpenLive:Egress:Live</c>): where live HLS is written and served from, how long a
/// stopped output's HLS stays, and per app the RTMP ingest URLs the operator allows (<see cref="LiveOutputAppOptions"/>).
/// Validated by <see cref="LiveOutputOptionsValidator"/> at start.
/// </summary>
internal sealed class LiveOutputOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "OpenLive:Egress:Live";

    /// <summary>Most RTMP ingests per app (each is one ffmpeg process per pushed stream).</summary>
    public const int MaxRtmpUrlsPerApp = 4;

    /// <summary>
    /// The HLS directory: every output writes <c>{appId}/{room}/{member}/</c> under it and <c>/live/…</c> serves from it.
    /// Empty (the default): <c>hls</c> under the server's data directory (<c>./data/hls</c>). No <c>%</c> (ffmpeg expands
    /// <c>%d</c> in segment names) and no control characters.
    /// </summary>
    [StringLength(1024)]
    public string? HlsDirectory { get; set; }

    /// <summary>
    /// How long a stopped output's HLS directory stays before it is removed: players and CDN edges still fetching the
    /// last segments (and the final playlist with #EXT-X-ENDLIST) get them. Default 30 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan HlsRemoveAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Per app (its sdkAppId as the key): what the app's live outputs may do.</summary>
    public Dictionary<string, LiveOutputAppOptions> Apps { get; set; } = [];

    /// <summary>The HLS directory as an absolute path (<see cref="HlsDirectory"/>, or <c>hls</c> under <paramref name="dataDirectory"/>).</summary>
    public string ResolveHlsDirectory(string dataDirectory) =>
        Path.TrimEndingDirectorySeparator(Path.GetFullPath(string.IsNullOrEmpty(HlsDirectory) ? Path.Combine(dataDirectory, "hls") : HlsDirectory));

    /// <summary>The RTMP ingest URLs configured for <paramref name="appId"/> (none when the app has no entry).</summary>
    public IReadOnlyList<string> RtmpUrlsOf(uint appId) =>
        Apps.TryGetValue(appId.ToString(System.Globalization.CultureInfo.InvariantCulture), out var app) ? app.RtmpUrls : [];
}

/// <summary>One app's live outputs (<c>OpenLive:Egress:Live:Apps:{sdkAppId}</c>).</summary>
internal sealed class LiveOutputAppOptions
{
    /// <summary>
    /// RTMP ingest URLs (<c>rtmp://</c> or <c>rtmps://</c>, with the stream key) an RTMP push of this app goes to. Only
    /// the operator sets them: a URL a client could give would make the server connect wherever it is told (SSRF: an
    /// internal service, a cloud metadata address, a port scan), and the stream key is a credential clients must not
    /// hold. Never logged (the key is redacted).
    /// </summary>
    public List<string> RtmpUrls { get; set; } = [];
}
