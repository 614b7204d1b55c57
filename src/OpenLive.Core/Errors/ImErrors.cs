namespace OpenLive.Core.Errors;

/// <summary>
/// IM failures that have no iLiveSDK or AVSDK code. They are reported with module <c>IMSDK</c> and numbered as
/// Tencent's IM numbers its server errors, so code written against IMSDK's error codes keeps working.
/// </summary>
public static class ImErrors
{
    /// <summary>IMSDK 10002 (<c>ERR_SVR_GROUP_INTERNAL_ERROR</c>): the server failed a group-message operation; retry.</summary>
    public const int GroupInternalError = 10002;

    /// <summary>IMSDK 20005 (<c>ERR_SVR_MSG_INTERNAL_ERROR1</c>): the server failed a one-to-one message operation; retry.</summary>
    public const int MessageInternalError = 20005;

    /// <summary>The server's message store failed: 10002 for a group conversation, 20005 otherwise.</summary>
    public static LiveException StoreFailed(bool group, string detail, Exception? innerException = null) =>
        group
            ? new LiveException(ErrorModule.IMSDK, GroupInternalError, "ERR_SVR_GROUP_INTERNAL_ERROR", detail, innerException)
            : new LiveException(ErrorModule.IMSDK, MessageInternalError, "ERR_SVR_MSG_INTERNAL_ERROR1", detail, innerException);
}
