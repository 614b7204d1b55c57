using Microsoft.Extensions.Logging;

namespace OpenLive.Server.Demo;

internal static partial class DemoLog
{
    [LoggerMessage(EventId = 400, Level = LogLevel.Information, Message = "Demo at / served from {Directory}")]
    public static partial void Serving(ILogger logger, string directory);

    [LoggerMessage(EventId = 401, Level = LogLevel.Information, Message = "The demo is not built (no index.html in {Directory}); / explains how to build it")]
    public static partial void NotBuilt(ILogger logger, string directory);

    [LoggerMessage(EventId = 402, Level = LogLevel.Information, Message = "Issued a dev userSig for {UserId} ({ExpireSeconds} s)")]
    public static partial void IssuedUserSig(ILogger logger, string userId, int expireSeconds);

    [LoggerMessage(EventId = 403, Level = LogLevel.Information, Message = "Demo show {RoomKey} titled by {UserId}")]
    public static partial void Titled(ILogger logger, string roomKey, string userId);

    [LoggerMessage(EventId = 404, Level = LogLevel.Information, Message = "Dev request refused: {Module} {Code} {Detail}")]
    public static partial void Refused(ILogger logger, string module, int code, string? detail);
}
