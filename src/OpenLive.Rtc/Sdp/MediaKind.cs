namespace OpenLive.Rtc.Sdp;

/// <summary>The kind of an m= section, from its <c>&lt;media&gt;</c> field (RFC 8866 §5.14).</summary>
public enum MediaKind
{
    /// <summary><c>audio</c>.</summary>
    Audio,

    /// <summary><c>video</c>.</summary>
    Video,

    /// <summary><c>application</c>: WebRTC data channels (RFC 8841).</summary>
    Application,

    /// <summary>Anything else (<c>text</c>, <c>message</c>, …); the media token itself is kept on the section.</summary>
    Other,
}

/// <summary>Maps <see cref="MediaKind"/> to and from the m= line's media token.</summary>
public static class MediaKindTokens
{
    /// <summary>The media token for a kind; <see cref="MediaKind.Other"/> has none.</summary>
    /// <exception cref="ArgumentOutOfRangeException">For <see cref="MediaKind.Other"/>.</exception>
    public static string ToToken(this MediaKind kind) => kind switch
    {
        MediaKind.Audio => "audio",
        MediaKind.Video => "video",
        MediaKind.Application => "application",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Only audio, video and application have a fixed media token."),
    };

    /// <summary>The kind a media token names (case-sensitive, as RFC 8866 registers them).</summary>
    public static MediaKind FromToken(string media) => media switch
    {
        "audio" => MediaKind.Audio,
        "video" => MediaKind.Video,
        "application" => MediaKind.Application,
        _ => MediaKind.Other,
    };
}
