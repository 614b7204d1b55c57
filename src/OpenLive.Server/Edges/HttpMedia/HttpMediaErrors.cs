using Microsoft.AspNetCore.Http;
using OpenLive.Core.Errors;

namespace OpenLive.Server.Edges.HttpMedia;

/// <summary>
/// The HTTP status each iLiveSDK error gets on the WHIP/WHEP endpoints (the body is always JSON
/// <c>{module, code, message}</c>, as on the admin API). docs/protocol.md lists the same table.
/// </summary>
internal static class HttpMediaErrors
{
    /// <summary>The status for <paramref name="error"/>.</summary>
    public static int StatusOf(LiveException error) => (error.ErrorModule, error.Code) switch
    {
        (ErrorModule.TLSSDK, _) => StatusCodes.Status401Unauthorized, // the userSig is malformed, forged, for another user or app
        (ErrorModule.ILiveSDK, (int)ILiveErrorCode.Expire) => StatusCodes.Status401Unauthorized,
        (ErrorModule.ILiveSDK, (int)ILiveErrorCode.NotFound) => StatusCodes.Status404NotFound, // unknown app or resource
        (ErrorModule.ILiveSDK, (int)ILiveErrorCode.NotSupport) => StatusCodes.Status422UnprocessableEntity, // e.g. an ICE restart
        (ErrorModule.AVSDK, (int)AVErrorCode.ServerNoPermission) => StatusCodes.Status403Forbidden,
        (ErrorModule.AVSDK, (int)AVErrorCode.ServerRoomNotExist) => StatusCodes.Status404NotFound,
        (ErrorModule.AVSDK, (int)AVErrorCode.EndpointNotExist) => StatusCodes.Status404NotFound,
        (ErrorModule.AVSDK, (int)AVErrorCode.EndpointHasNotVideo) => StatusCodes.Status404NotFound,
        (ErrorModule.AVSDK, (int)AVErrorCode.ServerInvalidAbility) => StatusCodes.Status422UnprocessableEntity, // no common codec
        (ErrorModule.AVSDK, (int)AVErrorCode.RepeatedOperation) => StatusCodes.Status409Conflict,
        _ => StatusCodes.Status400BadRequest,
    };

    /// <summary>Writes <paramref name="error"/> as JSON with <paramref name="status"/>.</summary>
    public static Task WriteAsync(HttpContext context, int status, LiveException error) =>
        Admin.AdminResults.Error(status, error).ExecuteAsync(context);

    /// <summary>Writes <paramref name="error"/> as JSON with its mapped status.</summary>
    public static Task WriteAsync(HttpContext context, LiveException error) => WriteAsync(context, StatusOf(error), error);
}
