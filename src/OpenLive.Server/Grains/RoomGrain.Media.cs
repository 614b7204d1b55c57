using Google.Protobuf;
using OpenLive.Core.Errors;
using OpenLive.Core.Rooms;
using OpenLive.Protocol.V1;
using OpenLive.Sfu;
using Orleans.Concurrency;

namespace OpenLive.Server.Grains;

/// <summary>
/// The room's media: the SFU room lives on this grain's node, so every member's media connects to the node that hosts
/// the room. The grain decides membership and rights; the SFU applies them to packets and reports tracks starting and
/// ending, which become iLiveSDK's HAS_/NO_ member events here.
/// </summary>
internal sealed partial class RoomGrain
{
    private MediaRoom? _media;

    public Task<RoomResult> Publish(string userId, Guid sessionId, string sdp, PublishedTrackSource[] tracks)
    {
        if (!IsMember(userId, sessionId, out _))
        {
            return Task.FromResult(NotInRoom());
        }

        var declared = new Dictionary<string, TrackSource>(StringComparer.Ordinal);
        foreach (var track in tracks)
        {
            declared[track.Mid] = (TrackSource)track.Source;
        }

        var answer = Media().Publish(userId, sdp, declared);
        return Task.FromResult(answer.IsSuccess
            ? RoomResult.Ok(new ServerFrame { PublishAnswer = new PublishAnswer { Sdp = answer.Value } }.ToByteArray())
            : MediaErrorCodes.Fail(answer.Error!));
    }

    public Task<RoomResult> RequestViews(string userId, Guid sessionId, RoomView[] views)
    {
        if (!IsMember(userId, sessionId, out _))
        {
            return Task.FromResult(NotInRoom());
        }

        return Task.FromResult(Outcome(Media().SetViews(userId, [.. views.Select(v => new ViewRequest(v.UserId, (TrackSource)v.Source, (VideoQualityRequest)v.Quality))])));
    }

    public Task<RoomResult> CancelViews(string userId, Guid sessionId)
    {
        if (!IsMember(userId, sessionId, out _))
        {
            return Task.FromResult(NotInRoom());
        }

        _media?.CancelViews(userId);
        return Task.FromResult(RoomResult.Ok(null));
    }

    public Task<RoomResult> AnswerSubscriber(string userId, Guid sessionId, string sdp, uint revision)
    {
        if (!IsMember(userId, sessionId, out _))
        {
            return Task.FromResult(NotInRoom());
        }

        return Task.FromResult(_media is null
            ? RoomResult.Fail(AVErrorCode.ServerInvalidArgument, "no subscriber offer is waiting for an answer")
            : Outcome(_media.AnswerSubscriber(userId, sdp, revision)));
    }

    public Task<RoomResult> GetMediaStats(string userId, Guid sessionId)
    {
        if (!IsMember(userId, sessionId, out _))
        {
            return Task.FromResult(NotInRoom());
        }

        var stats = new MediaStats();
        foreach (var track in _media?.Stats(userId) ?? [])
        {
            stats.Tracks.Add(new TrackStats
            {
                Direction = track.Publishing ? "publish" : "subscribe",
                UserId = track.PublisherId,
                Source = (MediaSource)(int)track.Source,
                Codec = track.Codec,
                Packets = (ulong)track.Packets,
                Bytes = (ulong)track.Bytes,
                BitrateKbps = (uint)(track.BitrateBps / 1000),
                PacketsLost = (ulong)Math.Max(0, track.PacketsLost),
                Nacks = (ulong)track.Nacks,
                Plis = (ulong)track.KeyframeRequests,
                Layer = track.Layer,
            });
        }

        return Task.FromResult(RoomResult.Ok(new ServerFrame { MediaStats = stats }.ToByteArray()));
    }

    public Task<MemberMediaStats[]?> AdminMediaStats()
    {
        if (_name is null)
        {
            return Task.FromResult<MemberMediaStats[]?>(null);
        }

        var members = _members.Values
            .Select(member => new MemberMediaStats(member.UserId, [.. (_media?.Stats(member.UserId) ?? []).Select(t => new MemberTrackStats(
                t.Publishing, t.PublisherId, (int)t.Source, t.Codec, t.Packets, t.Bytes, t.BitrateBps, t.PacketsLost, t.Nacks, t.KeyframeRequests, t.Layer))]))
            .ToArray();
        return Task.FromResult<MemberMediaStats[]?>(members);
    }

    public Task OnMediaTrack(string userId, int sourceNumber, bool started)
    {
        var source = (TrackSource)sourceNumber;
        if (_name is null || !_members.TryGetValue(userId, out var member))
        {
            return Task.CompletedTask;
        }

        var changed = source switch
        {
            TrackSource.Audio => Flip(ref member.HasAudio, started),
            TrackSource.Camera => Flip(ref member.HasCamera, started),
            _ => Flip(ref member.HasScreen, started),
        };
        if (changed)
        {
            var eventId = (source, started) switch
            {
                (TrackSource.Audio, true) => MemberEventId.HasAudio,
                (TrackSource.Audio, false) => MemberEventId.NoAudio,
                (TrackSource.Camera, true) => MemberEventId.HasCameraVideo,
                (TrackSource.Camera, false) => MemberEventId.NoCameraVideo,
                (_, true) => MemberEventId.HasScreenVideo,
                _ => MemberEventId.NoScreenVideo,
            };
            Broadcast(MemberEventFrame(eventId, member), except: null);
        }

        return Task.CompletedTask;

        static bool Flip(ref bool flag, bool value)
        {
            var changed = flag != value;
            flag = value;
            return changed;
        }
    }

    public Task OnSubscriberOffer(string userId, Immutable<byte[]> frame)
    {
        if (_name is not null && _members.TryGetValue(userId, out var member) && !member.Parked)
        {
            member.Session.Push(frame);
        }

        return Task.CompletedTask;
    }

    /// <summary>The room's media, created with every current member's rights on first use.</summary>
    private MediaRoom Media()
    {
        if (_media is null)
        {
            _media = sfu.GetOrCreateRoom(this.GetPrimaryKeyString(), new RoomMediaEvents(GrainFactory, this.GetPrimaryKeyString()));
            foreach (var member in _members.Values)
            {
                SyncMedia(member);
            }
        }

        return _media;
    }

    /// <summary>Tells the SFU the member's current rights (after joining or any role/authority change).</summary>
    private void SyncMedia(RoomMember member) =>
        _media?.SetMember(member.UserId, MediaRightsMapping.FromAuthBits(member.AuthBits), member.Media.AutoRequestCamera, member.Media.AutoRequestScreen, serverOffers: !member.Media.MediaOnly);

    private void RemoveMedia(string userId) => _media?.RemoveMember(userId);

    private void CloseMedia()
    {
        _media?.Close();
        _media = null;
    }

    /// <summary>The SFU refuses with data (<see cref="MediaError"/>); it crosses to the caller as an AVSDK code.</summary>
    private static RoomResult Outcome(MediaResult result) => result.IsSuccess ? RoomResult.Ok(null) : MediaErrorCodes.Fail(result.Error!);
}
