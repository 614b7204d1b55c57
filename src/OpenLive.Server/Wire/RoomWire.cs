using OpenLive.Core.Errors;
using OpenLive.Protocol.V1;
using OpenLive.Server.Grains;

namespace OpenLive.Server.Wire;

/// <summary>
/// The room contracts in the signaling protocol's shape. Edges answer with these; the room grain uses them only for its
/// pre-serialized fan-out frames (one serialization per event for every member, benchmarks.md).
/// </summary>
internal static class RoomWire
{
    public static RoomId RoomId(RoomName name) => name.Text is null ? new RoomId { Number = name.Number } : new RoomId { Text = name.Text };

    public static Member Member(RoomMemberInfo member) => new()
    {
        UserId = member.UserId,
        TinyId = member.TinyId,
        ControlRole = member.Role,
        AuthBits = member.AuthBits,
        JoinedAtMs = member.JoinedAtMs,
        HasAudio = member.HasAudio,
        HasCameraVideo = member.HasCamera,
        HasScreenVideo = member.HasScreen,
        MutedUntilMs = member.MutedUntil?.ToUnixTimeMilliseconds() ?? 0,
        Preferences = new MediaPreferences
        {
            AutoCamera = member.Preferences.AutoCamera,
            AutoMic = member.Preferences.AutoMic,
            AutoRequestCamera = member.Preferences.AutoRequestCamera,
            AutoRequestScreen = member.Preferences.AutoRequestScreen,
        },
    };

    /// <summary>A room's counters on the wire.</summary>
    public static RoomCounters Counters(RoomCounts counts) => new() { Likes = counts.Likes, Viewers = counts.Viewers };

    public static RoomState RoomState(RoomSnapshot snapshot)
    {
        var state = new RoomState { RoomId = RoomId(snapshot.Name), GroupId = snapshot.Name.GroupId, OwnerUserId = snapshot.Owner, MediaEpoch = snapshot.MediaEpoch };
        if (snapshot.Self is { } self)
        {
            state.Self = Member(self);
        }

        if (snapshot.Video is { } video)
        {
            state.Video = new VideoParams { Width = video.Width, Height = video.Height, Fps = video.Fps, MaxBitrateKbps = video.MaxBitrateKbps };
        }

        foreach (var member in snapshot.Members)
        {
            state.Members.Add(Member(member));
        }

        if (snapshot.Counts is { } counts)
        {
            state.Counters = Counters(counts);
        }

        return state;
    }

    public static MemberList MemberList(IEnumerable<RoomMemberInfo> members)
    {
        var list = new MemberList();
        foreach (var member in members)
        {
            list.Members.Add(Member(member));
        }

        return list;
    }

    public static MediaStats MediaStats(IEnumerable<MemberTrackStats> tracks)
    {
        var stats = new MediaStats();
        foreach (var track in tracks)
        {
            stats.Tracks.Add(new TrackStats
            {
                Direction = track.Publishing ? "publish" : "subscribe",
                UserId = track.PublisherId,
                Source = Source(track.Source),
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

        return stats;
    }

    /// <summary>RoomDisbanded when the room ended, RoomDisconnected with the reason when the member was removed.</summary>
    public static ServerFrame RoomClosed(RoomClosure closure) => closure.Reason is { } reason
        ? new ServerFrame
        {
            RoomDisconnected = new RoomDisconnected
            {
                RoomId = RoomId(closure.Room),
                Reason = ErrorWire.Of(new LiveException(reason.Module, reason.Code, text: null, reason.Detail)),
            },
        }
        : new ServerFrame { RoomDisbanded = new RoomDisbanded { RoomId = RoomId(closure.Room), GroupId = closure.Room.GroupId } };

    public static Protocol.V1.SubscriberOffer SubscriberOffer(SubscriberOfferPush offer)
    {
        var push = new Protocol.V1.SubscriberOffer { Sdp = offer.Sdp, Revision = offer.Revision, MediaEpoch = offer.MediaEpoch, Connection = offer.Connection };
        foreach (var track in offer.Tracks)
        {
            push.Tracks.Add(new Protocol.V1.ReceivedTrack { Mid = track.Mid, UserId = track.PublisherId, Source = Source(track.Source) });
        }

        return push;
    }

    public static MediaSource Source(MediaTrackSource source) => source switch
    {
        MediaTrackSource.Audio => MediaSource.Audio,
        MediaTrackSource.Camera => MediaSource.Camera,
        MediaTrackSource.Screen => MediaSource.Screen,
        _ => MediaSource.Unspecified,
    };

    /// <summary>The control plane's source of a wire source; null for UNSPECIFIED or a number this server does not know.</summary>
    public static MediaTrackSource? Source(MediaSource source) => source switch
    {
        MediaSource.Audio => MediaTrackSource.Audio,
        MediaSource.Camera => MediaTrackSource.Camera,
        MediaSource.Screen => MediaTrackSource.Screen,
        _ => null,
    };

    /// <summary>The control plane's quality of a wire quality; a number this server does not know asks for the top layer, as HIGH does.</summary>
    public static ViewQuality Quality(VideoQuality quality) => quality switch
    {
        VideoQuality.Auto => ViewQuality.Auto,
        VideoQuality.Low => ViewQuality.Low,
        VideoQuality.Medium => ViewQuality.Medium,
        _ => ViewQuality.High,
    };
}
