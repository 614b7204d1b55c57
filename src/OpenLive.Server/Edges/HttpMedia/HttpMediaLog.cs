using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;

namespace OpenLive.Server.Edges.HttpMedia;

/// <summary>
/// WHIP/WHEP session logs. A resource id is the capability to PATCH and DELETE its session (RFC 9725 §5), so a log
/// line names the resource by a tag (the first 8 hex digits of its SHA-256): enough to follow one session through the
/// log, useless to end it.
/// </summary>
internal static partial class HttpMediaLog
{
    public static void Created(ILogger logger, HttpMediaKind kind, string resourceId, string userId, string roomKey) =>
        LogCreated(logger, kind, new ResourceTag(resourceId), userId, roomKey);

    public static void Ended(ILogger logger, HttpMediaKind kind, string resourceId, string userId, string roomKey, string reason) =>
        LogEnded(logger, kind, new ResourceTag(resourceId), userId, roomKey, reason);

    [LoggerMessage(EventId = 300, Level = LogLevel.Information, Message = "{Kind} resource #{ResourceTag} created: user {UserId} in room {RoomKey}")]
    private static partial void LogCreated(ILogger logger, HttpMediaKind kind, ResourceTag resourceTag, string userId, string roomKey);

    [LoggerMessage(EventId = 302, Level = LogLevel.Information, Message = "{Kind} resource #{ResourceTag} of user {UserId} in room {RoomKey} ended: {Reason}")]
    private static partial void LogEnded(ILogger logger, HttpMediaKind kind, ResourceTag resourceTag, string userId, string roomKey, string reason);
}

/// <summary>A resource id as a log shows it: hashed only when a line is written.</summary>
internal readonly struct ResourceTag(string resourceId)
{
    public override string ToString() =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(resourceId)).AsSpan(0, 4));
}
