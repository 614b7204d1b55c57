namespace OpenLive.Server.Application.Egress;

/// <summary>A channel as started (iLiveSDK's PushStreamRsp: URLs and channel id) and as it runs.</summary>
/// <param name="ChannelId">Unique on the node, never 0 (iLiveSDK's uint64 channelId).</param>
/// <param name="Request">What was asked.</param>
/// <param name="Urls">Play URLs: the HLS playlist path (relative to the server's base URL, e.g. <c>/live/…/index.m3u8</c>) and the RTMP URLs pushed to.</param>
/// <param name="FileIds">Recording file ids (paths relative to the recordings directory) this channel writes.</param>
/// <param name="StartedAt">When it started.</param>
internal sealed record EgressInfo(ulong ChannelId, EgressRequest Request, IReadOnlyList<EgressUrl> Urls, IReadOnlyList<string> FileIds, DateTimeOffset StartedAt);

/// <summary>One URL of a channel (iLiveSDK's LiveUrl: encode type and URL).</summary>
internal sealed record EgressUrl(EgressOutputs Kind, string Url);

/// <summary>The answer to <see cref="IEgressHost.Start"/>: the channel, or why not (a seed code and text).</summary>
internal sealed record EgressStart(EgressInfo? Channel, Grains.RoomError? Error);
