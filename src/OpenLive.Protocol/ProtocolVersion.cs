namespace OpenLive.Protocol;

/// <summary>Versions of the signaling protocol.</summary>
public static class ProtocolVersion
{
    /// <summary>The version this build speaks (<c>Login.protocol_version</c>).</summary>
    public const uint Current = 1;

    /// <summary>The WebSocket subprotocol name for version 1.</summary>
    public const string SubProtocol = "openlive.v1";

    /// <summary>The largest frame either side accepts, in bytes.</summary>
    public const int MaxFrameBytes = 64 * 1024;
}
