namespace OpenLive.Sdk.Rooms;

/// <summary>iLiveSDK's <c>PushStreamRsp</c>: the channel (stop it with its id) and where it goes.</summary>
/// <param name="ChannelId">The channel id, never 0.</param>
/// <param name="Urls">HLS playlist paths (relative to the server's base URL) and RTMP ingests (as <c>rtmp://host/app/</c>: the stream key stays on the server).</param>
/// <param name="FileIds">The recording's file ids (relative to the server's recordings directory).</param>
public sealed record PushStreamRsp(ulong ChannelId, IReadOnlyList<LiveUrl> Urls, IReadOnlyList<string> FileIds)
{
    internal static PushStreamRsp FromWire(Protocol.V1.PushStreamRsp wire) =>
        new(wire.ChannelId, [.. wire.Urls.Select(url => new LiveUrl((StreamEncode)url.EncodeType, url.Url, url.RateType))], [.. wire.FileIds]);
}

/// <summary>iLiveSDK's <c>LiveUrl</c>.</summary>
/// <param name="EncodeType"><see cref="StreamEncode.Hls"/> or <see cref="StreamEncode.Rtmp"/>.</param>
/// <param name="Url">The URL (HLS: a path on the server).</param>
/// <param name="RateType">iLiveSDK's rate type: 0, the original stream.</param>
public sealed record LiveUrl(StreamEncode EncodeType, string Url, uint RateType);
