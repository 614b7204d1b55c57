using OpenLive.Core.Errors;
using OpenLive.Protocol.V1;

namespace OpenLive.Sdk.Rooms;

/// <summary>
/// iLiveSDK's push and record calls (<c>startPushStream</c>, <c>stopPushStream</c>, <c>startRecordVideo</c>,
/// <c>stopRecordVideo</c>). Only the room's owner may call them, or a member the server's egress policy names; others get
/// AVSDK 10003.
/// </summary>
public sealed partial class LiveRoom
{
    /// <summary>Starts a channel: live HLS and/or RTMP push and/or a recording of a member's stream.</summary>
    /// <exception cref="LiveException">
    /// 10003 no right; 10010 the member is not in the room; 1401/1402 it may not send that stream; 8021 a bad option;
    /// 8023 an output OpenLive does not produce (or egress is not enabled); 10005 a channel limit; 8011 too many requests.
    /// </exception>
    public async Task<PushStreamRsp> StartPushStreamAsync(PushStreamOption option, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(option);
        EnsureEntered();
        var reply = await _client.RoomRequestAsync(new ClientFrame { StartPushStream = new StartPushStream { Option = option.ToWire() } }, cancellationToken).ConfigureAwait(false);
        return PushStreamRsp.FromWire(reply.PushStream);
    }

    /// <summary>Stops channels (1 to 16 ids; all or none: 8022 when one is unknown).</summary>
    public Task StopPushStreamAsync(IEnumerable<ulong> channelIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(channelIds);
        var request = new StopPushStream();
        request.ChannelIds.Add(channelIds);
        return RequestAsync(new ClientFrame { StopPushStream = request }, cancellationToken);
    }

    /// <summary>Starts a recording of a member's stream; <see cref="StopRecordVideoAsync"/> stops it.</summary>
    /// <exception cref="LiveException">As <see cref="StartPushStreamAsync"/>; 8021 for a file name with path parts or other characters.</exception>
    public async Task<PushStreamRsp> StartRecordVideoAsync(RecordOption option, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(option);
        EnsureEntered();
        var reply = await _client.RoomRequestAsync(new ClientFrame { StartRecordVideo = new StartRecordVideo { Option = option.ToWire() } }, cancellationToken).ConfigureAwait(false);
        return PushStreamRsp.FromWire(reply.PushStream);
    }

    /// <summary>Stops the recordings this client started with <see cref="StartRecordVideoAsync"/> and answers their file ids (8022 when none run).</summary>
    public async Task<IReadOnlyList<string>> StopRecordVideoAsync(CancellationToken cancellationToken = default)
    {
        EnsureEntered();
        var reply = await _client.RoomRequestAsync(new ClientFrame { StopRecordVideo = new StopRecordVideo() }, cancellationToken).ConfigureAwait(false);
        return [.. reply.RecordFiles.FileIds];
    }
}
