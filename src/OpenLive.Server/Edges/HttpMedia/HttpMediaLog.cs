using Microsoft.Extensions.Logging;

namespace OpenLive.Server.Edges.HttpMedia;

internal static partial class HttpMediaLog
{
    [LoggerMessage(EventId = 300, Level = LogLevel.Information, Message = "{Kind} resource {ResourceId} created: user {UserId} in room {RoomKey}")]
    public static partial void Created(ILogger logger, HttpMediaKind kind, string resourceId, string userId, string roomKey);

    [LoggerMessage(EventId = 302, Level = LogLevel.Information, Message = "{Kind} resource {ResourceId} of user {UserId} in room {RoomKey} ended: {Reason}")]
    public static partial void Ended(ILogger logger, HttpMediaKind kind, string resourceId, string userId, string roomKey, string reason);
}
