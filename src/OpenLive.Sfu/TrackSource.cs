namespace OpenLive.Sfu;

/// <summary>Which of a member's streams a track is: iLiveSDK's audio, camera video and screen ("sub-stream") video.</summary>
public enum TrackSource
{
    /// <summary>The member's microphone.</summary>
    Audio = 1,

    /// <summary>The member's camera (iLiveSDK main video).</summary>
    Camera = 2,

    /// <summary>The member's shared screen (iLiveSDK sub-stream / screen video).</summary>
    Screen = 3,
}
