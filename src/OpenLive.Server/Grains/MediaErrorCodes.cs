using OpenLive.Core.Errors;
using OpenLive.Sfu;

namespace OpenLive.Server.Grains;

/// <summary>
/// The SFU's refusals as iLiveSDK's AVSDK codes: the one place where the media plane's terms meet the product's error
/// model (docs/errors.md says how each code arises).
/// </summary>
internal static class MediaErrorCodes
{
    public static AVErrorCode Code(MediaErrorKind kind) => kind switch
    {
        MediaErrorKind.NotPermitted => AVErrorCode.ServerNoPermission,              // 10003
        MediaErrorKind.UnsupportedCodec => AVErrorCode.ServerInvalidAbility,        // 10011
        MediaErrorKind.NoSuchPublisher => AVErrorCode.EndpointNotExist,             // 1401
        MediaErrorKind.NoSuchVideo => AVErrorCode.EndpointHasNotVideo,              // 1402
        MediaErrorKind.RoomClosed => AVErrorCode.ServerRoomNotExist,                // 10009
        MediaErrorKind.AlreadyReceiving => AVErrorCode.RepeatedOperation,           // 1001
        MediaErrorKind.OutOfResources => AVErrorCode.ServerAllocResourceFailed,     // 10005
        _ => AVErrorCode.ServerInvalidArgument,                                     // 10002: bad SDP, stale answer
    };

    /// <summary>The refusal as a room error, crossing to the caller as data.</summary>
    public static RoomError Of(MediaError error) => RoomError.Of(Code(error.Kind), Detail(error));

    /// <summary>The SFU's message, naming a missing right as the auth bit iLiveSDK apps know (0x40 SEND_SCREEN_VIDEO…).</summary>
    public static string Detail(MediaError error) => error.MissingRight == MediaRights.None
        ? error.Message
        : $"{error.Message}: the member's auth bits lack 0x{(uint)SfuMapping.AuthBit(error.MissingRight):X2}";
}
