using OpenLive.Core.Rooms;
using OpenLive.Sfu;

namespace OpenLive.Server.Grains;

/// <summary>
/// The control plane's media types in the SFU's terms and back. The grain contracts carry their own enums so that they
/// depend on neither the SFU nor the wire; this is where they meet the SFU's.
/// </summary>
internal static class SfuMapping
{
    public static TrackSource ToSfu(MediaTrackSource source) => source switch
    {
        MediaTrackSource.Audio => TrackSource.Audio,
        MediaTrackSource.Camera => TrackSource.Camera,
        _ => TrackSource.Screen,
    };

    public static MediaTrackSource FromSfu(TrackSource source) => source switch
    {
        TrackSource.Audio => MediaTrackSource.Audio,
        TrackSource.Camera => MediaTrackSource.Camera,
        _ => MediaTrackSource.Screen,
    };

    public static VideoQualityRequest ToSfu(ViewQuality quality) => quality switch
    {
        ViewQuality.Auto => VideoQualityRequest.Auto,
        ViewQuality.Low => VideoQualityRequest.Low,
        ViewQuality.Medium => VideoQualityRequest.Medium,
        _ => VideoQualityRequest.High,
    };

    private static readonly (AuthBits Bit, MediaRights Right)[] Pairs =
    [
        (AuthBits.SendAudio, MediaRights.SendAudio),
        (AuthBits.SendCameraVideo, MediaRights.SendCamera),
        (AuthBits.SendScreenVideo, MediaRights.SendScreen),
        (AuthBits.ReceiveAudio, MediaRights.ReceiveAudio),
        (AuthBits.ReceiveCameraVideo, MediaRights.ReceiveCamera),
        (AuthBits.ReceiveScreenVideo, MediaRights.ReceiveScreen),
    ];

    /// <summary>The media a member with <paramref name="authBits"/> may send and receive.</summary>
    public static MediaPermissions Rights(uint authBits)
    {
        var rights = MediaRights.None;
        foreach (var (bit, right) in Pairs)
        {
            if ((authBits & (uint)bit) != 0)
            {
                rights |= right;
            }
        }

        return new MediaPermissions(rights);
    }

    /// <summary>The auth bit that allows publishing <paramref name="source"/> (for messages that name the missing bit).</summary>
    public static AuthBits SendBit(TrackSource source) => AuthBit(MediaPermissions.SendRight(source));

    /// <summary>The auth bit that grants <paramref name="right"/> (one right).</summary>
    public static AuthBits AuthBit(MediaRights right) => Array.Find(Pairs, p => p.Right == right).Bit;
}
