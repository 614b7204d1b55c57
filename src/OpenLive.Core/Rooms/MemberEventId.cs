namespace OpenLive.Core.Rooms;

/// <summary>
/// Room member event ids, identical on every iLiveSDK platform (PC <c>E_EndpointEventId</c>, iOS <c>QAVUpdateEvent</c>,
/// Android <c>TYPE_MEMBER_CHANGE_*</c>). The numbers are part of the wire contract.
/// </summary>
public enum MemberEventId
{
    /// <summary>No event (0).</summary>
    None = 0,

    /// <summary>A member entered the room (1).</summary>
    In = 1,

    /// <summary>A member left the room (2).</summary>
    Out = 2,

    /// <summary>A member started sending camera video (3).</summary>
    HasCameraVideo = 3,

    /// <summary>A member stopped sending camera video (4).</summary>
    NoCameraVideo = 4,

    /// <summary>A member started sending audio (5).</summary>
    HasAudio = 5,

    /// <summary>A member stopped sending audio (6).</summary>
    NoAudio = 6,

    /// <summary>A member started sharing the screen (7).</summary>
    HasScreenVideo = 7,

    /// <summary>A member stopped sharing the screen (8).</summary>
    NoScreenVideo = 8,

    /// <summary>A member started sending media-file video (9).</summary>
    HasMediaVideo = 9,

    /// <summary>A member stopped sending media-file video (10).</summary>
    NoMediaVideo = 10,
}
