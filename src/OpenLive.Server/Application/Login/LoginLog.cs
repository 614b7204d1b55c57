using Microsoft.Extensions.Logging;

namespace OpenLive.Server.Application.Login;

/// <summary>Login log lines. Client-supplied strings are <see cref="ClientText"/>: escaped and bounded when written.</summary>
internal static partial class LoginLog
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Session {SessionId} logged in: app {SdkAppId} user {UserId} (tinyId {TinyId})")]
    public static partial void LoggedIn(ILogger logger, Guid sessionId, uint sdkAppId, ClientText userId, ulong tinyId);

    /// <summary>A refused ticket: <paramref name="detail"/> may quote the unverified <c>TLS.identifier</c>.</summary>
    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Refused {Channel} login for app {SdkAppId} user {UserId}: {Module} {Code} {Detail}")]
    public static partial void LoginRefused(ILogger logger, string channel, uint sdkAppId, ClientText userId, string module, int code, ClientText detail);

    [LoggerMessage(EventId = 102, Level = LogLevel.Information, Message = "Session {SessionId} forced offline: {Module} {Code} {Detail}")]
    public static partial void ForcedOffline(ILogger logger, Guid sessionId, string module, int code, ClientText detail);
}
