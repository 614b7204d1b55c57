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
}
