using Microsoft.Extensions.Logging;

namespace OpenLive.Server.Application.Login;

internal static partial class LoginLog
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Session {SessionId} logged in: app {SdkAppId} user {UserId} (tinyId {TinyId})")]
    public static partial void LoggedIn(ILogger logger, Guid sessionId, uint sdkAppId, string userId, ulong tinyId);

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Refused {Channel} login for app {SdkAppId} user {UserId}: {Module} {Code} {Detail}")]
    public static partial void LoginRefused(ILogger logger, string channel, uint sdkAppId, string userId, string module, int code, string? detail);

    [LoggerMessage(EventId = 102, Level = LogLevel.Information, Message = "Session {SessionId} forced offline: {Module} {Code} {Detail}")]
    public static partial void ForcedOffline(ILogger logger, Guid sessionId, string module, int code, string detail);
}
