using OpenLive.Core.Errors;
using OpenLive.Core.Rooms;
using OpenLive.Sfu;

namespace OpenLive.Server.Grains;

/// <summary>
/// The room's media: the SFU room lives on this grain's node, so every member's media connects to the node that hosts
/// the room. The grain decides membership and rights; the SFU applies them to packets and reports tracks starting and
/// ending, which become iLiveSDK's HAS_/NO_ member events here. This partial (with <see cref="RoomMediaEvents"/>) is
/// where the room grain meets the SFU's API (the types are mapped by <see cref="SfuMapping"/>).
/// </summary>
internal sealed partial class RoomGrain
{
    /// <summary>How often a member may have its media connections started again (RestartMedia).</summary>
    internal static readonly TimeSpan MediaRestartInterval = TimeSpan.FromSeconds(2);

    private MediaRoom? _media;

    public Task<RoomResult<string>> Publish(string userId, Guid sessionId, string sdp, PublishedTrackSource[] tracks)
    {
        if (!IsMember(userId, sessionId, out _))
        {
            return Task.FromResult<RoomResult<string>>(NotInRoom());
        }

        var declared = new Dictionary<string, TrackSource>(StringComparer.Ordinal);
        foreach (var track in tracks)
        {
            declared[track.Mid] = SfuMapping.ToSfu(track.Source);
        }

        return Task.FromResult(Outcome(Media().Publish(userId, sdp, declared)));
    }

    public Task<RoomResult> RequestViews(string userId, Guid sessionId, RoomView[] views)
    {
        if (!IsMember(userId, sessionId, out _))
        {
            return Task.FromResult<RoomResult>(NotInRoom());
        }

        return Task.FromResult(Outcome(Media().SetViews(userId, [.. views.Select(v => new ViewRequest(v.UserId, SfuMapping.ToSfu(v.Source), SfuMapping.ToSfu(v.Quality)))])));
    }

    public Task<RoomResult> CancelViews(string userId, Guid sessionId)
    {
        if (!IsMember(userId, sessionId, out _))
        {
            return Task.FromResult<RoomResult>(NotInRoom());
        }

        _media?.CancelViews(userId);
        return Task.FromResult(RoomResult.Ok);
    }

    public Task<RoomResult> RestartMedia(string userId, Guid sessionId)
    {
        if (!IsMember(userId, sessionId, out var member))
        {
            return Task.FromResult<RoomResult>(NotInRoom());
        }

        // Each restart ends the member's tracks for everyone (NO_ then HAS_ events, renegotiations) and makes two
        // transports: a client asking in a loop would turn that into a flood on the whole room.
        var now = time.GetUtcNow();
        if (member.MediaRestartedAt is { } last && now - last < MediaRestartInterval)
        {
            return Task.FromResult<RoomResult>(RoomError.Of(ILiveErrorCode.BusyHere, $"the media was started again {(now - last).TotalMilliseconds:0} ms ago; at most once every {MediaRestartInterval.TotalSeconds:0} s"));
        }

        member.MediaRestartedAt = now;
        Media().RestartMember(userId);
        return Task.FromResult(RoomResult.Ok);
    }

    public Task<RoomResult> AnswerSubscriber(string userId, Guid sessionId, string sdp, uint revision)
    {
        if (!IsMember(userId, sessionId, out _))
        {
            return Task.FromResult<RoomResult>(NotInRoom());
        }

        return Task.FromResult(_media is null
            ? RoomError.Of(AVErrorCode.ServerInvalidArgument, "no subscriber offer is waiting for an answer")
            : Outcome(_media.AnswerSubscriber(userId, sdp, revision)));
    }

    public Task<RoomResult<MemberTrackStats[]>> GetMediaStats(string userId, Guid sessionId)
    {
        if (!IsMember(userId, sessionId, out _))
        {
            return Task.FromResult<RoomResult<MemberTrackStats[]>>(NotInRoom());
        }

        return Task.FromResult<RoomResult<MemberTrackStats[]>>(TrackStats(userId));
    }

    public Task<MemberMediaStats[]?> AdminMediaStats()
    {
        if (_name is null)
        {
            return Task.FromResult<MemberMediaStats[]?>(null);
        }

        var members = _members.Values.Select(member => new MemberMediaStats(member.UserId, TrackStats(member.UserId))).ToArray();
        return Task.FromResult<MemberMediaStats[]?>(members);
    }

    public Task OnMediaTrack(string userId, MediaTrackSource source, bool started)
    {
        if (_name is null || !_members.TryGetValue(userId, out var member))
        {
            return Task.CompletedTask;
        }

        var changed = source switch
        {
            MediaTrackSource.Audio => Flip(ref member.HasAudio, started),
            MediaTrackSource.Camera => Flip(ref member.HasCamera, started),
            _ => Flip(ref member.HasScreen, started),
        };
        if (changed)
        {
            var eventId = (source, started) switch
            {
                (MediaTrackSource.Audio, true) => MemberEventId.HasAudio,
                (MediaTrackSource.Audio, false) => MemberEventId.NoAudio,
                (MediaTrackSource.Camera, true) => MemberEventId.HasCameraVideo,
                (MediaTrackSource.Camera, false) => MemberEventId.NoCameraVideo,
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

    public Task OnSubscriberOffer(string userId, SubscriberOfferPush offer)
    {
        if (_name is not null && _members.TryGetValue(userId, out var member) && !member.Parked)
        {
            member.Session.SubscriberOffer(offer with { MediaEpoch = _mediaEpoch });
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
        _media?.SetMember(member.UserId, SfuMapping.Rights(member.AuthBits), member.Media.AutoRequestCamera, member.Media.AutoRequestScreen, serverOffers: !member.Media.MediaOnly);

    private void RemoveMedia(string userId) => _media?.RemoveMember(userId);

    /// <summary>Ends the room's media: when the room ends, and when the grain deactivates (its SFU room must not outlive it).</summary>
    private void CloseMedia()
    {
        StopRoomEgress();
        _media?.Close();
        _media = null;
    }

    private MemberTrackStats[] TrackStats(string userId) =>
        [.. (_media?.Stats(userId) ?? []).Select(t => new MemberTrackStats(
            t.Publishing, t.PublisherId, SfuMapping.FromSfu(t.Source), t.Codec, t.Packets, t.Bytes, t.BitrateBps, t.PacketsLost, t.Nacks, t.KeyframeRequests, t.Layer, t.FractionLost, t.JitterMs, t.RoundTripMs, t.FramesPerSecond, t.Width, t.Height,
            t.AvailableBitrateBps, t.WantedBitrateBps))];

    /// <summary>The SFU refuses with data (<see cref="MediaError"/>); it crosses to the caller as an AVSDK code.</summary>
    private static RoomResult<T> Outcome<T>(MediaResult<T> result)
        where T : class => result.IsSuccess ? result.Value! : MediaErrorCodes.Of(result.Error!);

    private static RoomResult Outcome(MediaResult result) => result.IsSuccess ? RoomResult.Ok : MediaErrorCodes.Of(result.Error!);
}
