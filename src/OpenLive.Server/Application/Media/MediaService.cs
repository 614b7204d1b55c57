using OpenLive.Core.Errors;
using OpenLive.Core.Rooms;
using OpenLive.Rtc.Sdp;
using OpenLive.Server.Application.Sessions;
using OpenLive.Server.Grains;
using OpenLive.Sfu;
using OpenLive.Sfu.Negotiation;

namespace OpenLive.Server.Application.Media;

/// <summary>
/// Media requests, decided by the room grain and its node's SFU (<see cref="IRoomMedia"/>): publish offers, subscriber
/// answers, video views, counters; for WHIP/WHEP also reading an offer's sources and checking the bits to send them.
/// With the room grain's media partial, the only place the control plane calls the SFU's API.
/// </summary>
internal sealed class MediaService(IGrainFactory grains)
{
    /// <summary>The largest offer or answer accepted, on every edge.</summary>
    public const int MaxSdpLength = 64 * 1024;

    private const int MaxViews = 64;
    private const int MaxCandidateLength = 1024;

    /// <summary>Answers the member's publisher offer; each track names its m-line and source (null: not given).</summary>
    /// <exception cref="LiveException">8021 without a source, bad size; 10003, 10002, 10011 from the SFU.</exception>
    public async Task<string> PublishAsync(ClientSession session, string sdp, IReadOnlyList<(string Mid, MediaTrackSource? Source)> tracks)
    {
        var login = session.RequireLogin();
        var room = session.RequireRoom();
        CheckSdp(sdp, "offer");
        var declared = new PublishedTrackSource[tracks.Count];
        for (var i = 0; i < declared.Length; i++)
        {
            var (mid, source) = tracks[i];
            declared[i] = new PublishedTrackSource(mid, source
                ?? throw new LiveException(ILiveErrorCode.InvalidParam, $"track \"{mid}\" has no source (audio, camera or screen)"));
        }

        return (await grains.GetGrain<IRoomMedia>(room.Key).Publish(login.UserId, session.Id, sdp, declared).ConfigureAwait(false)).GetValueOrThrow();
    }

    /// <summary>The member's answer to its subscriber offer of <paramref name="revision"/>.</summary>
    public async Task AnswerSubscriberAsync(ClientSession session, string sdp, uint revision)
    {
        var login = session.RequireLogin();
        var room = session.RequireRoom();
        CheckSdp(sdp, "answer");
        (await grains.GetGrain<IRoomMedia>(room.Key).AnswerSubscriber(login.UserId, session.Id, sdp, revision).ConfigureAwait(false)).ThrowIfFailed();
    }

    /// <summary>Replaces the member's video views: each names a member and CAMERA or SCREEN (null source: not a video source).</summary>
    public async Task RequestViewsAsync(ClientSession session, IReadOnlyList<(string UserId, MediaTrackSource? Source, ViewQuality Quality)> views)
    {
        var login = session.RequireLogin();
        var room = session.RequireRoom();
        if (views.Count > MaxViews)
        {
            throw new LiveException(ILiveErrorCode.InvalidParam, $"at most {MaxViews} views");
        }

        var wanted = new RoomView[views.Count];
        for (var i = 0; i < wanted.Length; i++)
        {
            var (userId, source, quality) = views[i];
            if (source is not (MediaTrackSource.Camera or MediaTrackSource.Screen) || userId.Length == 0)
            {
                throw new LiveException(ILiveErrorCode.InvalidParam, "a view names a member and CAMERA or SCREEN");
            }

            wanted[i] = new RoomView(userId, source.Value, quality);
        }

        (await grains.GetGrain<IRoomMedia>(room.Key).RequestViews(login.UserId, session.Id, wanted).ConfigureAwait(false)).ThrowIfFailed();
    }

    public async Task CancelViewsAsync(ClientSession session)
    {
        var login = session.RequireLogin();
        var room = session.RequireRoom();
        (await grains.GetGrain<IRoomMedia>(room.Key).CancelViews(login.UserId, session.Id).ConfigureAwait(false)).ThrowIfFailed();
    }

    /// <summary>The member's media path died: new connections (8011 when asked again within two seconds).</summary>
    public async Task RestartMediaAsync(ClientSession session)
    {
        var login = session.RequireLogin();
        var room = session.RequireRoom();
        (await grains.GetGrain<IRoomMedia>(room.Key).RestartMedia(login.UserId, session.Id).ConfigureAwait(false)).ThrowIfFailed();
    }

    /// <summary>The member's media counters, per published and received track.</summary>
    public async Task<MemberTrackStats[]> GetStatsAsync(ClientSession session)
    {
        var login = session.RequireLogin();
        var room = session.RequireRoom();
        return (await grains.GetGrain<IRoomMedia>(room.Key).GetMediaStats(login.UserId, session.Id).ConfigureAwait(false)).GetValueOrThrow();
    }

    /// <summary>The server is ICE-lite and learns the client's addresses from its checks: a trickled candidate needs nothing.</summary>
    public static void Trickle(ClientSession session, string candidate)
    {
        _ = session.RequireRoom();
        if (candidate.Length > MaxCandidateLength)
        {
            throw new LiveException(ILiveErrorCode.InvalidParam, "candidate too long");
        }
    }

    /// <summary>(WHIP/WHEP) Parses an offer.</summary>
    /// <exception cref="LiveException">10002 (AVSDK ServerInvalidArgument) when it is not valid SDP.</exception>
    public static SessionDescription ParseOffer(string sdp) =>
        SessionDescription.TryParse(sdp, out var offer, out var error)
            ? offer
            : throw new LiveException(AVErrorCode.ServerInvalidArgument, $"the offer is not valid SDP: {error}");

    /// <summary>(WHIP) The sources an offer sends without declaring them: audio, then CAMERA and SCREEN for the video m-lines.</summary>
    public static IReadOnlyList<MediaTrackSource> OfferedSources(SessionDescription offer) =>
        [.. MediaOffers.SentSources(offer).Select(SfuMapping.FromSfu)];

    /// <summary>(WHIP) Checks that <paramref name="bits"/> allow sending every one of <paramref name="sources"/>.</summary>
    /// <exception cref="LiveException">10003 naming the first source that may not be sent and the bit it needs.</exception>
    public static void RequireSend(uint bits, IEnumerable<MediaTrackSource> sources)
    {
        var permissions = SfuMapping.Rights(bits);
        foreach (var source in sources.Select(SfuMapping.ToSfu))
        {
            if (!permissions.MaySend(source))
            {
                throw new LiveException(AVErrorCode.ServerNoPermission,
                    $"not allowed to send {source.ToString().ToLowerInvariant()}: the granted bits 0x{bits:X2} lack 0x{(uint)SfuMapping.SendBit(source):X2}");
            }
        }
    }

    /// <summary>(WHEP) True when <paramref name="bits"/> allow receiving anything.</summary>
    public static bool MayReceive(uint bits) => (bits & (uint)(AuthBits.ReceiveAudio | AuthBits.ReceiveCameraVideo | AuthBits.ReceiveScreenVideo)) != 0;

    /// <summary>(WHIP) Answers a media-only member's offer; its sources are read from the offer's m-lines.</summary>
    public async Task<string> PublishMediaOnlyAsync(string roomKey, string userId, Guid sessionId, string sdp) =>
        (await grains.GetGrain<IRoomMedia>(roomKey).Publish(userId, sessionId, sdp, []).ConfigureAwait(false)).GetValueOrThrow();

    /// <summary>(WHEP) Answers a media-only member's offer to receive <paramref name="publisherUserId"/>.</summary>
    public async Task<string> PlayAsync(string roomKey, string userId, Guid sessionId, string publisherUserId, string sdp) =>
        (await grains.GetGrain<IRoomMedia>(roomKey).Play(userId, sessionId, publisherUserId, sdp).ConfigureAwait(false)).GetValueOrThrow();

    private static void CheckSdp(string sdp, string what)
    {
        if (string.IsNullOrEmpty(sdp) || sdp.Length > MaxSdpLength)
        {
            throw new LiveException(ILiveErrorCode.InvalidParam, $"the {what} is empty or longer than {MaxSdpLength / 1024} KiB");
        }
    }
}
