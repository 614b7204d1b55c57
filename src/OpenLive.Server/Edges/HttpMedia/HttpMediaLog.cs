using Microsoft.Extensions.Logging;

namespace OpenLive.Server.Edges.HttpMedia;

internal static partial class HttpMediaLog
{
    [LoggerMessage(EventId = 300, Level = LogLevel.Information, Message = "{Kind} resource {ResourceId} created: user {UserId} in room {RoomKey}")]
    public static partial void Created(ILogger logger, HttpMediaKind kind, string resourceId, string userId, string roomKey);

    [LoggerMessage(EventId = 301, Level = LogLevel.Information, Message = "{Kind} refused for user {UserId} in app {SdkAppId}: {Module} {Code} {Detail}")]
    public static partial void Refused(ILogger logger, HttpMediaKind kind, string userId, uint sdkAppId, string module, int code, string? detail);

    [LoggerMessage(EventId = 302, Level = LogLevel.Information, Message = "{Kind} resource {ResourceId} of user {UserId} in room {RoomKey} ended: {Reason}")]
    public static partial void Ended(ILogger logger, HttpMediaKind kind, string resourceId, string userId, string roomKey, string reason);
}
