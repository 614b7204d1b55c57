using System.Net;
using Microsoft.Extensions.Logging;
using OpenLive.Server.Application.Login;

namespace OpenLive.Server.Edges.Signaling;

internal static partial class SignalingLog
{
    [LoggerMessage(EventId = 103, Level = LogLevel.Information, Message = "Session {SessionId} timed out after {Silence} without a frame")]
    public static partial void TimedOut(ILogger logger, Guid sessionId, TimeSpan silence);

    [LoggerMessage(EventId = 104, Level = LogLevel.Debug, Message = "Session {SessionId} dropped a malformed frame ({Length} bytes)")]
    public static partial void MalformedFrame(ILogger logger, Guid sessionId, int length);

    [LoggerMessage(EventId = 105, Level = LogLevel.Warning, Message = "Session {SessionId} closed: frame of more than {Limit} bytes")]
    public static partial void FrameTooLarge(ILogger logger, Guid sessionId, int limit);

    [LoggerMessage(EventId = 106, Level = LogLevel.Warning, Message = "Session {SessionId} failed a request of type {Body}")]
    public static partial void RequestFailed(ILogger logger, Exception exception, Guid sessionId, string body);

    [LoggerMessage(EventId = 107, Level = LogLevel.Debug, Message = "Session {SessionId} ended: {Reason}")]
    public static partial void Ended(ILogger logger, Guid sessionId, ClientText reason);

    [LoggerMessage(EventId = 108, Level = LogLevel.Debug, Message = "Session {SessionId} closed: no login within {Deadline}")]
    public static partial void LoginTimedOut(ILogger logger, Guid sessionId, TimeSpan deadline);

    [LoggerMessage(EventId = 109, Level = LogLevel.Debug, Message = "Refused a signaling connection from {Address}: {Reason}")]
    public static partial void ConnectionRefused(ILogger logger, IPAddress? address, string reason);
}
