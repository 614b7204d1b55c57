using OpenLive.Core.Errors;
using OpenLive.Protocol.V1;

namespace OpenLive.Server.Wire;

/// <summary>A failure on the wire (protocol <c>Error</c>): module, code, the whole message, and the server's detail apart.</summary>
internal static class ErrorWire
{
    public static Error Of(LiveException exception) => new()
    {
        Module = exception.Module,
        Code = exception.Code,
        Message = exception.Message,
        Detail = exception.Detail ?? string.Empty,
    };
}
