using Microsoft.Extensions.Logging;

namespace OpenLive.Server.Edges.Signaling;

internal static partial class SessionLog
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Session {SessionId} logged in: app {SdkAppId} user {UserId} (tinyId {TinyId})")]
    public static partial void LoggedIn(ILogger logger, Guid sessionId, uint sdkAppId, string userId, ulong tinyId);

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Session {SessionId} refused login for app {SdkAppId} user {UserId}: {Module} {Code} {Detail}")]
    public static partial void LoginRefused(ILogger logger, Guid sessionId, uint sdkAppId, string userId, string module, int code, string? detail);

    [LoggerMessage(EventId = 102, Level = LogLevel.Information, Message = "Session {SessionId} forced offline: {Module} {Code} {Detail}")]
    public static partial void ForcedOffline(ILogger logger, Guid sessionId, string module, int code, string detail);

    [LoggerMessage(EventId = 103, Level = LogLevel.Information, Message = "Session {SessionId} timed out after {Silence} without a frame")]
    public static partial void TimedOut(ILogger logger, Guid sessionId, TimeSpan silence);

    [LoggerMessage(EventId = 104, Level = LogLevel.Debug, Message = "Session {SessionId} dropped a malformed frame ({Length} bytes)")]
    public static partial void MalformedFrame(ILogger logger, Guid sessionId, int length);

    [LoggerMessage(EventId = 105, Level = LogLevel.Warning, Message = "Session {SessionId} closed: frame of more than {Limit} bytes")]
    public static partial void FrameTooLarge(ILogger logger, Guid sessionId, int limit);

    [LoggerMessage(EventId = 106, Level = LogLevel.Warning, Message = "Session {SessionId} failed a request of type {Body}")]
    public static partial void RequestFailed(ILogger logger, Exception exception, Guid sessionId, string body);

    [LoggerMessage(EventId = 107, Level = LogLevel.Debug, Message = "Session {SessionId} ended: {Reason}")]
    public static partial void Ended(ILogger logger, Guid sessionId, string reason);
}
