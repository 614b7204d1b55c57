using OpenLive.Core.Errors;
using OpenLive.Protocol.V1;

namespace OpenLive.Server.Edges.Signaling;

/// <summary>Builds error frames: every failure on the wire is (module, code, message) as in iLiveSDK.</summary>
internal static class ErrorFrames
{
    public static Error ToWire(LiveException exception) => Wire.ErrorWire.Of(exception);

    public static ServerFrame Reply(uint requestId, LiveException exception) => new()
    {
        RequestId = requestId,
        Error = ToWire(exception),
    };

    public static ServerFrame Reply(uint requestId, ILiveErrorCode code, string? detail = null) => Reply(requestId, new LiveException(code, detail));

    public static ServerFrame Reply(uint requestId, AVErrorCode code, string? detail = null) => Reply(requestId, new LiveException(code, detail));
}
