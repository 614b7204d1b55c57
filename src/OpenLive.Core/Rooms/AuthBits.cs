namespace OpenLive.Core.Rooms;

/// <summary>
/// A room member's permission bits, iLiveSDK's <c>AUTH_BITS_*</c> (QAVSDK <c>QAV_AUTH_BITS_*</c>). The low eight bits are the
/// same as the privateMapKey's <c>dwPrivilegeMap</c> (TRTC's <c>privilegeMap</c>).
/// </summary>
[Flags]
#pragma warning disable CA1711 // "Bits" is the iLiveSDK name users search for.
public enum AuthBits : ulong
#pragma warning restore CA1711
{
    /// <summary>No permission (<c>QAV_AUTH_BITS_CLOSE</c>).</summary>
    None = 0,

    /// <summary>Create a room (<c>AUTH_BITS_CREATE_ROOM</c>, 0x01).</summary>
    CreateRoom = 0x01,

    /// <summary>Join a room (<c>AUTH_BITS_JOIN_ROOM</c>, 0x02).</summary>
    JoinRoom = 0x02,

    /// <summary>Send audio (<c>AUTH_BITS_SEND_AUDIO</c>, 0x04).</summary>
    SendAudio = 0x04,

    /// <summary>Receive audio (<c>AUTH_BITS_RECV_AUDIO</c>, 0x08).</summary>
    ReceiveAudio = 0x08,

    /// <summary>Send camera video (<c>AUTH_BITS_SEND_CAMERA_VIDEO</c>, 0x10).</summary>
    SendCameraVideo = 0x10,

    /// <summary>Receive camera video (<c>AUTH_BITS_RECV_CAMERA_VIDEO</c>, 0x20).</summary>
    ReceiveCameraVideo = 0x20,

    /// <summary>Send screen video, the sub-stream (<c>AUTH_BITS_SEND_SCREEN_VIDEO</c>, 0x40).</summary>
    SendScreenVideo = 0x40,

    /// <summary>Receive screen video (<c>AUTH_BITS_RECV_SCREEN_VIDEO</c>, 0x80).</summary>
    ReceiveScreenVideo = 0x80,

    /// <summary>All eight defined bits (<c>QAV_AUTH_BITS_OPEN</c>, 0xFF): what a host gets.</summary>
    All = 0xFF,

    /// <summary>What iLiveSDK gave an audience member by default: join and receive everything (0xAA).</summary>
    Audience = JoinRoom | ReceiveAudio | ReceiveCameraVideo | ReceiveScreenVideo,

    /// <summary>A co-host: everything but creating the room (0xFE).</summary>
    CoHost = All & ~CreateRoom,

    /// <summary><c>AUTH_BITS_DEFAULT</c>: all ones (uint64 -1), which iLiveSDK treated as "all permissions".</summary>
    Default = ulong.MaxValue,
}
