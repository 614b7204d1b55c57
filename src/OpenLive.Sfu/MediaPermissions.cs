using OpenLive.Core.Rooms;

namespace OpenLive.Sfu;

/// <summary>What a member may send and receive, read from its iLiveSDK auth bits; the SFU enforces nothing else.</summary>
public readonly record struct MediaPermissions(uint Bits)
{
    /// <summary>True when the member may publish <paramref name="source"/>.</summary>
    public bool MaySend(TrackSource source) => (Bits & (uint)SendBit(source)) != 0;

    /// <summary>True when the member may receive <paramref name="source"/>.</summary>
    public bool MayReceive(TrackSource source) => (Bits & (uint)ReceiveBit(source)) != 0;

    /// <summary>The auth bit that allows publishing <paramref name="source"/>.</summary>
    public static AuthBits SendBit(TrackSource source) => source switch
    {
        TrackSource.Audio => Core.Rooms.AuthBits.SendAudio,
        TrackSource.Camera => Core.Rooms.AuthBits.SendCameraVideo,
        _ => Core.Rooms.AuthBits.SendScreenVideo,
    };

    /// <summary>The auth bit that allows receiving <paramref name="source"/>.</summary>
    public static AuthBits ReceiveBit(TrackSource source) => source switch
    {
        TrackSource.Audio => Core.Rooms.AuthBits.ReceiveAudio,
        TrackSource.Camera => Core.Rooms.AuthBits.ReceiveCameraVideo,
        _ => Core.Rooms.AuthBits.ReceiveScreenVideo,
    };
}
