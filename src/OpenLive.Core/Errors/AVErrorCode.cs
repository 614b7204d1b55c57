namespace OpenLive.Core.Errors;

/// <summary>Codes of the AVSDK module (module string <c>AVSDK</c>).</summary>
/// <remarks>The original constant name of each member is in <see cref="ErrorCatalog"/> (<c>ConstantName</c>).</remarks>
public enum AVErrorCode
{
    /// <summary><c>AV_ERR_FAILED</c> (1): General error</summary>
    Failed = 1,

    /// <summary><c>AV_ERR_REPEATED_OPERATION</c> (1001): Repeated operation</summary>
    RepeatedOperation = 1001,

    /// <summary><c>AV_ERR_EXCLUSIVE_OPERATION</c> (1002): Exclusive operation</summary>
    ExclusiveOperation = 1002,

    /// <summary><c>AV_ERR_HAS_IN_THE_STATE</c> (1003): Already in the desired status</summary>
    HasInTheState = 1003,

    /// <summary><c>AV_ERR_INVALID_ARGUMENT</c> (1004): Wrong parameter</summary>
    InvalidArgument = 1004,

    /// <summary><c>AV_ERR_TIMEOUT</c> (1005): Timeout</summary>
    Timeout = 1005,

    /// <summary><c>AV_ERR_NOT_IMPLEMENTED</c> (1006): Not implemented</summary>
    NotImplemented = 1006,

    /// <summary><c>AV_ERR_NOT_IN_MAIN_THREAD</c> (1007): Not in the main thread</summary>
    NotInMainThread = 1007,

    /// <summary><c>AV_ERR_RESOURCE_IS_OCCUPIED</c> (1008): Resource is occupied</summary>
    ResourceIsOccupied = 1008,

    /// <summary><c>AV_ERR_CONTEXT_NOT_EXIST</c> (1101): AVContext object is not in CONTEXT_STATE_STARTED status</summary>
    ContextNotExist = 1101,

    /// <summary><c>AV_ERR_CONTEXT_NOT_STOPPED</c> (1102): AVContext object is not in CONTEXT_STATE_STOPPED status</summary>
    ContextNotStopped = 1102,

    /// <summary><c>AV_ERR_ROOM_NOT_EXIST</c> (1201): AVRoom object is not in ROOM_STATE_ENTERED status</summary>
    RoomNotExist = 1201,

    /// <summary><c>AV_ERR_ROOM_NOT_EXITED</c> (1202): AVRoom object is not in ROOM_STATE_EXITED status</summary>
    RoomNotExited = 1202,

    /// <summary><c>AV_ERR_DEVICE_NOT_EXIST</c> (1301): Device does not exist</summary>
    DeviceNotExist = 1301,

    /// <summary><c>AV_ERR_ENDPOINT_NOT_EXIST</c> (1401): AVEndpoint object does not exist</summary>
    EndpointNotExist = 1401,

    /// <summary><c>AV_ERR_ENDPOINT_HAS_NOT_VIDEO</c> (1402): No video sent</summary>
    EndpointHasNotVideo = 1402,

    /// <summary><c>AV_ERR_TINYID_TO_OPENID_FAILED</c> (1501): Failed to transfer tinyid to identifier</summary>
    TinyIdToOpenIdFailed = 1501,

    /// <summary><c>AV_ERR_OPENID_TO_TINYID_FAILED</c> (1502): Failed to transfer identifier to tinyid</summary>
    OpenIdToTinyIdFailed = 1502,

    /// <summary><c>AV_ERR_DEVICE_TEST_NOT_EXIST</c> (1601): AVDeviceTest object is not in DEVICE_TEST_STATE_STARTED status (Windows-specific)</summary>
    DeviceTestNotExist = 1601,

    /// <summary><c>AV_ERR_DEVICE_TEST_NOT_STOPPED</c> (1602): AVDeviceTest object is not in DEVICE_TEST_STATE_STOPPED status (Windows-specific)</summary>
    DeviceTestNotStopped = 1602,

    /// <summary><c>AV_ERR_INVITE_FAILED</c> (1801): Sending failure</summary>
    InviteFailed = 1801,

    /// <summary><c>AV_ERR_ACCEPT_FAILED</c> (1802): Accepting failure</summary>
    AcceptFailed = 1802,

    /// <summary><c>AV_ERR_REFUSE_FAILED</c> (1803): Refusing failure</summary>
    RefuseFailed = 1803,

    /// <summary><c>AV_ERR_IMSDK_FAIL</c> (6999): IMSDK callback notification failure</summary>
    ImSdkFail = 6999,

    /// <summary><c>AV_ERR_IMSDK_TIMEOUT</c> (7000): IMSDK callback notification timeout</summary>
    ImSdkTimeout = 7000,

    /// <summary><c>AV_ERR_SERVER_FAILED</c> (10001): General error</summary>
    ServerFailed = 10001,

    /// <summary><c>AV_ERR_SERVER_INVALID_ARGUMENT</c> (10002): Wrong parameter</summary>
    ServerInvalidArgument = 10002,

    /// <summary><c>AV_ERR_SERVER_NO_PERMISSION</c> (10003): No permission</summary>
    ServerNoPermission = 10003,

    /// <summary><c>AV_ERR_SERVER_TIMEOUT</c> (10004): Failed to request the room address</summary>
    ServerTimeout = 10004,

    /// <summary><c>AV_ERR_SERVER_ALLOC_RESOURCE_FAILED</c> (10005): Failed to connect to the room</summary>
    ServerAllocResourceFailed = 10005,

    /// <summary><c>AV_ERR_SERVER_ID_NOT_IN_ROOM</c> (10006): Not in the room</summary>
    ServerIdNotInRoom = 10006,

    /// <summary><c>AV_ERR_SERVER_NOT_IMPLEMENT</c> (10007): Not implemented</summary>
    ServerNotImplement = 10007,

    /// <summary><c>AV_ERR_SERVER_REPEATED_OPERATION</c> (10008): Repeated operation</summary>
    ServerRepeatedOperation = 10008,

    /// <summary><c>AV_ERR_SERVER_ROOM_NOT_EXIST</c> (10009): Room does not exist</summary>
    ServerRoomNotExist = 10009,

    /// <summary><c>AV_ERR_SERVER_ENDPOINT_NOT_EXIST</c> (10010): Member does not exist</summary>
    ServerEndpointNotExist = 10010,

    /// <summary><c>AV_ERR_SERVER_INVALID_ABILITY</c> (10011): Invalid capability</summary>
    ServerInvalidAbility = 10011,
}
