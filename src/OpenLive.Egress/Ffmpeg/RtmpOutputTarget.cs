namespace OpenLive.Egress.Ffmpeg;

/// <summary>
/// RTMP push to a CDN ingest: H.264 + AAC in FLV to <c>rtmp://host[:port]/app/streamkey</c> (or <c>rtmps://</c>). The
/// stream key — everything after the application name, query included — is a credential: it never appears in
/// <see cref="Description"/>, logs or error reports.
/// </summary>
public sealed class RtmpOutputTarget : FfmpegOutputTarget
{
    /// <summary>Longest accepted URL.</summary>
    public const int MaxUrlLength = 1024;

    private const string Redacted = "***";
    private readonly string _url;
    private readonly string _secret;
    private readonly string _redactedUrl;

    private RtmpOutputTarget(string url, string publicPart, string secret)
    {
        _url = url;
        _secret = secret;
        _redactedUrl = publicPart + Redacted;
        Description = $"RTMP {_redactedUrl}";
    }

    /// <inheritdoc />
    public override FfmpegOutputKind Kind => FfmpegOutputKind.Rtmp;

    /// <inheritdoc />
    public override string Description { get; }

    /// <summary>The URL handed to ffmpeg: never log it.</summary>
    internal string Url => _url;

    /// <summary>
    /// An RTMP push to <paramref name="url"/>: <c>rtmp://</c> or <c>rtmps://</c>, a host, an application and a stream
    /// key, no user info, no whitespace or control characters, at most <see cref="MaxUrlLength"/> characters; false
    /// with why not (the message never repeats the URL: it may hold a key).
    /// </summary>
    public static bool TryCreate(string url, out RtmpOutputTarget? target, out string problem)
    {
        target = null;
        if (string.IsNullOrEmpty(url) || url.Length > MaxUrlLength)
        {
            problem = $"the RTMP URL must be 1 to {MaxUrlLength} characters";
            return false;
        }

        if (url.Any(c => char.IsControl(c) || char.IsWhiteSpace(c) || c > '\u007e'))
        {
            problem = "the RTMP URL must be printable ASCII without spaces";
            return false;
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("rtmp" or "rtmps"))
        {
            problem = "the RTMP URL must start with rtmp:// or rtmps://";
            return false;
        }

        if (string.IsNullOrEmpty(uri.Host) || uri.UserInfo.Length > 0 || uri.Fragment.Length > 0)
        {
            problem = "the RTMP URL must have a host and no user info or fragment";
            return false;
        }

        // rtmp://host:port/app/key: the application is the first path segment; the rest (and any query) is the key.
        var path = uri.AbsolutePath.TrimStart('/');
        var slash = path.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == path.Length - 1)
        {
            problem = "the RTMP URL must name an application and a stream key (rtmp://host/app/streamkey)";
            return false;
        }

        var schemeAndHost = url[..(url.IndexOf("://", StringComparison.Ordinal) + 3)];
        var authorityEnd = url.IndexOf('/', schemeAndHost.Length);
        var appEnd = url.IndexOf('/', authorityEnd + 1);
        var publicPart = url[..(appEnd + 1)];
        var secret = url[(appEnd + 1)..];
        target = new RtmpOutputTarget(url, publicPart, secret);
        problem = "";
        return true;
    }

    /// <inheritdoc />
    public override string Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var redacted = text.Replace(_url, _redactedUrl, StringComparison.Ordinal)
            .Replace(_secret, Redacted, StringComparison.Ordinal);

        // ffmpeg may print the key's parts on their own (the play path without the query, the query's values).
        foreach (var part in _secret.Split(['/', '?', '&', '='], StringSplitOptions.RemoveEmptyEntries))
        {
            if (part.Length >= 4)
            {
                redacted = redacted.Replace(part, Redacted, StringComparison.Ordinal);
            }
        }

        return redacted;
    }

    /// <inheritdoc />
    internal override bool TryPrepare(out string problem)
    {
        problem = "";
        return true;
    }

    /// <inheritdoc />
    internal override void AppendOutputArguments(List<string> arguments, LiveFeedFormat format, FfmpegOutputOptions options)
    {
        AppendCodecArguments(arguments, format, options.HlsSegmentSeconds);
        arguments.AddRange([
            // An ingest that accepts the TCP connection and then stalls is an error after 10 s, not a hang.
            "-rw_timeout", "10000000",
            "-f", "flv", "-flvflags", "no_duration_filesize",
            _url,
        ]);
    }
}
