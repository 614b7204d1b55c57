namespace OpenLive.Sfu;

/// <summary>
/// What a member may send and receive, per source. The SFU's own terms: the control plane decides them (OpenLive from
/// iLiveSDK's auth bits) and the SFU enforces nothing else.
/// </summary>
[Flags]
public enum MediaRights
{
    /// <summary>Nothing.</summary>
    None = 0,

    /// <summary>May publish audio.</summary>
    SendAudio = 1 << 0,

    /// <summary>May publish camera video.</summary>
    SendCamera = 1 << 1,

    /// <summary>May publish screen video.</summary>
    SendScreen = 1 << 2,

    /// <summary>May receive audio.</summary>
    ReceiveAudio = 1 << 3,

    /// <summary>May receive camera video.</summary>
    ReceiveCamera = 1 << 4,

    /// <summary>May receive screen video.</summary>
    ReceiveScreen = 1 << 5,

    /// <summary>Everything.</summary>
    All = SendAudio | SendCamera | SendScreen | ReceiveAudio | ReceiveCamera | ReceiveScreen,
}

/// <summary>A member's <see cref="MediaRights"/> asked per source.</summary>
public readonly record struct MediaPermissions(MediaRights Rights)
{
    /// <summary>True when the member may publish <paramref name="source"/>.</summary>
    public bool MaySend(TrackSource source) => (Rights & SendRight(source)) != 0;

    /// <summary>True when the member may receive <paramref name="source"/>.</summary>
    public bool MayReceive(TrackSource source) => (Rights & ReceiveRight(source)) != 0;

    /// <summary>The right that allows publishing <paramref name="source"/>.</summary>
    public static MediaRights SendRight(TrackSource source) => source switch
    {
        TrackSource.Audio => MediaRights.SendAudio,
        TrackSource.Camera => MediaRights.SendCamera,
        _ => MediaRights.SendScreen,
    };

    /// <summary>The right that allows receiving <paramref name="source"/>.</summary>
    public static MediaRights ReceiveRight(TrackSource source) => source switch
    {
        TrackSource.Audio => MediaRights.ReceiveAudio,
        TrackSource.Camera => MediaRights.ReceiveCamera,
        _ => MediaRights.ReceiveScreen,
    };
}
