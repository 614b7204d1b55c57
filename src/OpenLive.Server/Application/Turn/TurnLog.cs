using Microsoft.Extensions.Logging;

namespace OpenLive.Server.Application.Turn;

/// <summary>TURN log lines. The secret is never an argument: only whether there is one.</summary>
internal static partial class TurnLog
{
    [LoggerMessage(EventId = 1300, Level = LogLevel.Information,
        Message = "ICE servers: {Count} configured URL(s) handed out at login and in WHIP/WHEP Link headers; TURN credentials valid {Lifetime} (secret set: {HasSecret})")]
    public static partial void Configured(ILogger logger, int count, TimeSpan lifetime, bool hasSecret);
}
