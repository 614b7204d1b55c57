using OpenLive.Core.Errors;
using OpenLive.Server.Application.Egress;

namespace OpenLive.Server.Grains;

/// <summary>
/// Egress (iLiveSDK's push and record calls): who may start and stop it, for which member, and its end with the member
/// or the room. The node-local <see cref="IEgressHost"/> runs the channels beside this grain's SFU room and is the record
/// of which channels run (a channel that failed on its own is simply no longer among them); the grain keeps only which
/// channels StartRecordVideo started, and by whom, so that StopRecordVideo stops those.
/// </summary>
/// <remarks>
/// Rights as LiveKit's <c>roomRecord</c> grant: not every member, but the owner, or members whose role or auth bits the
/// operator names (<see cref="EgressPolicyOptions"/>). A target must be a member holding the send right for the stream;
/// it need not be sending yet (the channel starts with its first packets), and a dropped member's seat kept for a resume
/// keeps its channels.
/// </remarks>
internal sealed partial class RoomGrain
{
    // Channels started by StartRecordVideo → the user that started them.
    private readonly Dictionary<ulong, string> _recordVideoBy = [];

    public Task<RoomResult<RoomEgressChannel>> StartEgress(string callerUserId, Guid sessionId, EgressOrder order)
    {
        if (!IsMember(callerUserId, sessionId, out var caller))
        {
            return Task.FromResult<RoomResult<RoomEgressChannel>>(NotInRoom());
        }

        return Task.FromResult(EgressRightRefusal(caller) is { } refused ? refused : StartChannel(order, callerUserId));
    }

    public Task<RoomResult> StopEgress(string callerUserId, Guid sessionId, ulong[] channelIds)
    {
        if (!IsMember(callerUserId, sessionId, out var caller))
        {
            return Task.FromResult<RoomResult>(NotInRoom());
        }

        return Task.FromResult(EgressRightRefusal(caller) is { } refused ? refused : StopChannels(channelIds, $"stopped by {callerUserId}"));
    }

    public Task<RoomResult<string[]>> StopRecordVideo(string callerUserId, Guid sessionId)
    {
        if (!IsMember(callerUserId, sessionId, out var caller))
        {
            return Task.FromResult<RoomResult<string[]>>(NotInRoom());
        }

        if (EgressRightRefusal(caller) is { } refused)
        {
            return Task.FromResult<RoomResult<string[]>>(refused);
        }

        var mine = RunningEgress().Where(info => _recordVideoBy.TryGetValue(info.ChannelId, out var by) && by == callerUserId).ToArray();
        if (mine.Length == 0)
        {
            return Task.FromResult<RoomResult<string[]>>(RoomError.Of(ILiveErrorCode.NotFound, "no recording started with StartRecordVideo is running"));
        }

        foreach (var info in mine)
        {
            StopOne(info.ChannelId, $"stopRecordVideo by {callerUserId}");
        }

        return Task.FromResult<RoomResult<string[]>>(mine.SelectMany(info => info.FileIds).ToArray());
    }

    public Task<RoomResult<RoomEgressChannel[]>> AdminEgress() =>
        Task.FromResult<RoomResult<RoomEgressChannel[]>>(_name is null ? Missing() : RunningEgress().Select(ToChannel).ToArray());

    public Task<RoomResult<RoomEgressChannel>> AdminStartEgress(EgressOrder order) =>
        Task.FromResult<RoomResult<RoomEgressChannel>>(_name is null ? Missing() : StartChannel(order, Application.Login.UserIdRules.Administrator));

    public Task<RoomResult> AdminStopEgress(ulong channelId) =>
        Task.FromResult(_name is null ? Missing() : StopChannels([channelId], "stopped by an administrator"));

    /// <summary>The caller may not start or stop egress: 10003.</summary>
    private RoomError? EgressRightRefusal(RoomMember caller)
    {
        var policy = egressPolicy.Value;
        var allowed = caller.UserId == _owner
            || policy.Roles.Contains(caller.Role, StringComparer.Ordinal)
            || (policy.AuthBits != 0 && (caller.AuthBits & policy.AuthBits) == policy.AuthBits);
        return allowed ? null : RoomError.Of(AVErrorCode.ServerNoPermission, "only the room's owner (or a member the server's egress policy names) may start or stop push and recording");
    }

    private RoomResult<RoomEgressChannel> StartChannel(EgressOrder order, string startedBy)
    {
        if (!_members.TryGetValue(order.MemberId, out var target))
        {
            return NoSuchMember(order.MemberId);
        }

        if (StreamRefusal(target, order) is { } refused)
        {
            return refused;
        }

        if (egress is null)
        {
            return RoomError.Of(ILiveErrorCode.NotSupport, "egress (recording, live HLS, RTMP push) is not available on this server");
        }

        var policy = egressPolicy.Value;
        var running = RunningEgress();
        if (running.Count(info => info.Request.MemberId == order.MemberId) >= policy.MaxChannelsPerMember)
        {
            return RoomError.Of(AVErrorCode.ServerAllocResourceFailed, $"\"{order.MemberId}\" already has {policy.MaxChannelsPerMember} egress channels running (OpenLive:EgressPolicy:MaxChannelsPerMember)");
        }

        if (running.Count >= policy.MaxChannelsPerRoom)
        {
            return RoomError.Of(AVErrorCode.ServerAllocResourceFailed, $"room {_name!.Describe()} already has {policy.MaxChannelsPerRoom} egress channels running (OpenLive:EgressPolicy:MaxChannelsPerRoom)");
        }

        var key = this.GetPrimaryKeyString();
        var outputs = (order.Record ? EgressOutputs.Record : EgressOutputs.None)
            | (order.Hls ? EgressOutputs.Hls : EgressOutputs.None)
            | (order.RtmpUrls.Length > 0 ? EgressOutputs.Rtmp : EgressOutputs.None);
        var request = new EgressRequest(
            GrainKeys.Split(key).SdkAppId,
            _name!.Text ?? _name.Number.ToString(System.Globalization.CultureInfo.InvariantCulture),
            key,
            order.MemberId,
            order.Screen ? EgressVideo.Screen : EgressVideo.Camera,
            order.AudioOnly,
            outputs,
            order.RtmpUrls,
            order.FileName,
            startedBy);
        var started = egress.Start(Media(), request);
        if (started.Error is { } error || started.Channel is not { } info)
        {
            return started.Error ?? RoomError.Of(AVErrorCode.ServerFailed, "the egress host started nothing");
        }

        if (order.RecordVideo)
        {
            _recordVideoBy[info.ChannelId] = startedBy;
        }

        return ToChannel(info) with { Order = order };
    }

    /// <summary>The target must hold the send right for the stream asked for (it may start sending later).</summary>
    private static RoomError? StreamRefusal(RoomMember target, EgressOrder order)
    {
        if ((target.AuthBits & SendBits) == 0)
        {
            return RoomError.Of(AVErrorCode.EndpointNotExist, $"\"{target.UserId}\" may not send audio or video in this room (role \"{target.Role}\")");
        }

        var needed = order.AudioOnly ? Core.Rooms.AuthBits.SendAudio
            : order.Screen ? Core.Rooms.AuthBits.SendScreenVideo
            : Core.Rooms.AuthBits.SendCameraVideo;
        if ((target.AuthBits & (uint)needed) != 0)
        {
            return null;
        }

        return order.AudioOnly
            ? RoomError.Of(AVErrorCode.EndpointNotExist, $"\"{target.UserId}\" may not send audio in this room")
            : RoomError.Of(AVErrorCode.EndpointHasNotVideo, $"\"{target.UserId}\" may not send {(order.Screen ? "screen" : "camera")} video in this room");
    }

    /// <summary>Stops every id or none: an unknown id (or another room's) fails the whole request with 8022.</summary>
    private RoomResult StopChannels(ulong[] channelIds, string reason)
    {
        var running = RunningEgress().Select(info => info.ChannelId).ToHashSet();
        foreach (var id in channelIds)
        {
            if (!running.Contains(id))
            {
                return RoomError.Of(ILiveErrorCode.NotFound, $"no egress channel {id} runs in this room");
            }
        }

        foreach (var id in channelIds)
        {
            StopOne(id, reason);
        }

        return RoomResult.Ok;
    }

    private void StopOne(ulong channelId, string reason)
    {
        egress?.Stop(this.GetPrimaryKeyString(), channelId, reason);
        _recordVideoBy.Remove(channelId);
    }

    /// <summary>The host's running channels of this room; StartRecordVideo marks of channels that ended on their own are dropped.</summary>
    private IReadOnlyList<EgressInfo> RunningEgress()
    {
        if (egress is null)
        {
            return [];
        }

        var running = egress.Running(this.GetPrimaryKeyString());
        if (_recordVideoBy.Count > 0)
        {
            var ids = running.Select(info => info.ChannelId).ToHashSet();
            foreach (var ended in _recordVideoBy.Keys.Where(id => !ids.Contains(id)).ToArray())
            {
                _recordVideoBy.Remove(ended);
            }
        }

        return running;
    }

    /// <summary>A member left the room for good (not a drop kept for a resume): its channels end and their files are finalized.</summary>
    private void StopMemberEgress(string userId) => egress?.StopMember(this.GetPrimaryKeyString(), userId, "the member left the room");

    /// <summary>The room's media ends (the room ended, or the activation goes): every channel ends with it.</summary>
    private void StopRoomEgress()
    {
        egress?.StopRoom(this.GetPrimaryKeyString(), "the room ended");
        _recordVideoBy.Clear();
    }

    private RoomEgressChannel ToChannel(EgressInfo info)
    {
        var request = info.Request;
        var order = new EgressOrder(
            request.MemberId,
            request.Video == EgressVideo.Screen,
            request.AudioOnly,
            request.Outputs.HasFlag(EgressOutputs.Record),
            request.Outputs.HasFlag(EgressOutputs.Hls),
            [.. request.RtmpUrls],
            request.FileName,
            _recordVideoBy.ContainsKey(info.ChannelId));
        return new RoomEgressChannel(
            info.ChannelId,
            request.MemberId,
            request.StartedBy,
            order,
            [.. info.Urls.Where(url => url.Kind == EgressOutputs.Hls).Select(url => url.Url)],
            [.. info.Urls.Where(url => url.Kind == EgressOutputs.Rtmp).Select(url => url.Url)],
            [.. info.FileIds],
            info.StartedAt.ToUnixTimeMilliseconds());
    }
}
