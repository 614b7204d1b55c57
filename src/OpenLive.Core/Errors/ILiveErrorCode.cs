namespace OpenLive.Core.Errors;

/// <summary>Codes of the iLiveSDK module (module string <c>ILiveSDK</c>).</summary>
/// <remarks>The original constant name of each member is in <see cref="ErrorCatalog"/> (<c>ConstantName</c>).</remarks>
public enum ILiveErrorCode
{
    /// <summary><c>NO_ERR</c> (0): Success</summary>
    NoError = 0,

    /// <summary><c>ERR_IM_NOT_READY</c> (8001): IM module not ready or not loaded</summary>
    ImNotReady = 8001,

    /// <summary><c>ERR_AV_NOT_READY</c> (8002): AV module not ready or not loaded</summary>
    AVNotReady = 8002,

    /// <summary><c>ERR_NO_ROOM</c> (8003): No valid room</summary>
    NoRoom = 8003,

    /// <summary><c>ERR_ALREADY_EXIST</c> (8004): Target already exists</summary>
    AlreadyExist = 8004,

    /// <summary><c>ERR_NULL_POINTER</c> (8005): Null pointer error</summary>
    NullPointer = 8005,

    /// <summary><c>ERR_ENTER_AV_ROOM_FAIL</c> (8006): Failed to enter the AV room</summary>
    EnterAVRoomFail = 8006,

    /// <summary><c>ERR_USER_CANCEL</c> (8007): Operation is canceled by user</summary>
    UserCancel = 8007,

    /// <summary><c>ERR_WRONG_STATE</c> (8008): Exceptional status (This is deprecated and is only returned when CallSDK call status switching failed)</summary>
    WrongState = 8008,

    /// <summary><c>ERR_NOT_LOGIN</c> (8009): Not logged in</summary>
    NotLogin = 8009,

    /// <summary><c>ERR_ALREADY_IN_ROOM</c> (8010): Already in the room</summary>
    AlreadyInRoom = 8010,

    /// <summary><c>ERR_BUSY_HERE</c> (8011): Busy now (Previous request is not completed)</summary>
    BusyHere = 8011,

    /// <summary><c>ERR_NET_UNDEFINE</c> (8012): Network is unrecognized or unreachable</summary>
    NetUndefine = 8012,

    /// <summary><c>ERR_SDK_FAILED</c> (8020): iLiveSDK processing failed (General)</summary>
    SdkFailed = 8020,

    /// <summary><c>ERR_INVALID_PARAM</c> (8021): Invalid parameter passed by API (For example, "option" passed by the API for creating a room or entering a room is null)</summary>
    InvalidParam = 8021,

    /// <summary><c>ERR_NOT_FOUND</c> (8022): Target not found</summary>
    NotFound = 8022,

    /// <summary><c>ERR_NOT_SUPPORT</c> (8023): Request not supported</summary>
    NotSupport = 8023,

    /// <summary><c>ERR_ALREADY_STATE</c> (8024): Already in this state (Usually caused by repeated call)</summary>
    AlreadyState = 8024,

    /// <summary><c>ERR_KICK_OUT</c> (8050): Kicked offline</summary>
    KickOut = 8050,

    /// <summary><c>ERR_EXPIRE</c> (8051): Ticket expired (Need to update ticket userSig)</summary>
    Expire = 8051,

    /// <summary><c>ERR_PARSE_FAIL</c> (8052): Failed to parse network request</summary>
    ParseFail = 8052,

    /// <summary><c>ERR_ALLOC_FAIL</c> (8053): Memory allocation failed. Check whether memory is sufficient</summary>
    AllocFail = 8053,
}
