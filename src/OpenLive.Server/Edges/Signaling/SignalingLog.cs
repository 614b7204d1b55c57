using Microsoft.Extensions.Logging;

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
    public static partial void Ended(ILogger logger, Guid sessionId, string reason);
}
