using System.Collections.Concurrent;
using OpenLive.Server.Application.Egress;
using OpenLive.Sfu;

namespace OpenLive.Sdk.Tests.Egress;

/// <summary>
/// A test double of the node's egress host that records what the room grain asks of it and answers as the real one
/// does (channel ids from 1, an HLS path per member, a file id per recording), so the control plane's decisions can be
/// tested before the real host (recorder work) is merged. It runs no media.
/// </summary>
internal sealed class RecordingEgressHost : IEgressHost
{
    private readonly Lock _gate = new();
    private readonly Dictionary<ulong, EgressInfo> _running = [];
    private ulong _nextId;

    public ConcurrentQueue<EgressRequest> Started { get; } = new();

    public ConcurrentQueue<(string RoomKey, ulong ChannelId, string Reason)> Stopped { get; } = new();

    public ConcurrentQueue<(string RoomKey, string MemberId, string Reason)> MembersStopped { get; } = new();

    public ConcurrentQueue<(string RoomKey, string Reason)> RoomsStopped { get; } = new();

    public EgressStart Start(MediaRoom media, EgressRequest request)
    {
        ArgumentNullException.ThrowIfNull(media);
        Started.Enqueue(request);
        lock (_gate)
        {
            var id = ++_nextId;
            var urls = new List<EgressUrl>();
            if (request.Outputs.HasFlag(EgressOutputs.Hls))
            {
                urls.Add(new EgressUrl(EgressOutputs.Hls, $"/live/{request.AppId}/{request.RoomId}/{request.MemberId}/index.m3u8"));
            }

            urls.AddRange(request.Outputs.HasFlag(EgressOutputs.Rtmp) ? request.RtmpUrls.Select(url => new EgressUrl(EgressOutputs.Rtmp, url)) : []);
            string[] files = request.Outputs.HasFlag(EgressOutputs.Record) ? [$"{request.AppId}/{request.RoomId}/{request.FileName ?? $"{request.MemberId}-{id}"}.webm"] : [];
            var info = new EgressInfo(id, request, urls, files, DateTimeOffset.UtcNow);
            _running[id] = info;
            return new EgressStart(info, null);
        }
    }

    public bool Stop(string roomKey, ulong channelId, string reason)
    {
        Stopped.Enqueue((roomKey, channelId, reason));
        lock (_gate)
        {
            return _running.TryGetValue(channelId, out var info) && info.Request.RoomKey == roomKey && _running.Remove(channelId);
        }
    }

    public IReadOnlyList<EgressInfo> Running(string roomKey)
    {
        lock (_gate)
        {
            return [.. _running.Values.Where(info => info.Request.RoomKey == roomKey).OrderBy(info => info.ChannelId)];
        }
    }

    public void StopRoom(string roomKey, string reason)
    {
        RoomsStopped.Enqueue((roomKey, reason));
        lock (_gate)
        {
            foreach (var id in _running.Values.Where(info => info.Request.RoomKey == roomKey).Select(info => info.ChannelId).ToArray())
            {
                _running.Remove(id);
            }
        }
    }

    public int StopMember(string roomKey, string memberId, string reason)
    {
        MembersStopped.Enqueue((roomKey, memberId, reason));
        lock (_gate)
        {
            var stopping = _running.Values.Where(info => info.Request.RoomKey == roomKey && info.Request.MemberId == memberId).Select(info => info.ChannelId).ToArray();
            foreach (var id in stopping)
            {
                _running.Remove(id);
            }

            return stopping.Length;
        }
    }

    /// <summary>A channel that ends on its own (an ffmpeg that gave up, a full disk), as the real host drops it.</summary>
    public void EndOnItsOwn(ulong channelId)
    {
        lock (_gate)
        {
            _running.Remove(channelId);
        }
    }
}
