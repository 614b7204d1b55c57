using Microsoft.Extensions.Logging;
using OpenLive.Core.Errors;
using OpenLive.Rtc.Sdp;
using OpenLive.Server.Application.Login;
using OpenLive.Server.Application.Media;
using OpenLive.Server.Application.Rooms;
using OpenLive.Server.Grains;

namespace OpenLive.Server.Edges.HttpMedia;

/// <summary>
/// Puts WHIP publishers and WHEP players into rooms as media-only members, through the same application services as
/// the WebSocket edge: the userSig is checked as at login (<see cref="LoginService"/>), bits are granted as for SDK
/// clients and the room entered (<see cref="RoomEntryService"/>: role, privateMapKey, CREATE_ROOM / JOIN_ROOM), and
/// media is negotiated like any member's (<see cref="MediaService"/>: SEND_* / RECV_*). Rights are checked before entering, so a refused request leaves no trace
/// in the room; a failure after entering leaves again.
/// </summary>
internal sealed class HttpMediaEntry(
    LoginService login,
    RoomEntryService rooms,
    MediaService media,
    IGrainFactory grains,
    Edges.Signaling.NodeFanout fanout,
    HttpMediaSessions sessions,
    ILogger<HttpMediaEntry> logger)
{
    /// <summary>The largest offer accepted (as on the signaling WebSocket).</summary>
    public const int MaxSdpLength = MediaService.MaxSdpLength;

    /// <summary>A WHIP or WHEP POST as the endpoint read it.</summary>
    /// <param name="SdkAppId">The app, from the path.</param>
    /// <param name="RoomSegment">The room id's path segment (<see cref="RoomKeys.FromPathSegment"/>).</param>
    /// <param name="UserId">Who enters: the WHIP publisher, or the WHEP viewer (<c>?user=</c>).</param>
    /// <param name="UserSig">The bearer token: <paramref name="UserId"/>'s userSig.</param>
    /// <param name="Sdp">The offer.</param>
    /// <param name="Role">The role asked for (<c>?role=</c>), or null for the default.</param>
    /// <param name="PrivateMapKey">A privateMapKey (<c>?privateMapKey=</c>), or null.</param>
    public sealed record Request(uint SdkAppId, string RoomSegment, string UserId, string UserSig, string Sdp, string? Role, string? PrivateMapKey);

    /// <summary>
    /// WHIP: enters the room — creating it when the role may (LiveMaster by default), else joining (an existing room is
    /// joined as LiveGuest unless a role was asked for) — and publishes the offer; audio is AUDIO, the first video
    /// CAMERA, the second SCREEN. Publishing into a room someone else owns needs a privateMapKey granting the send bits
    /// (or the app's self-promotion setting): a media-only member cannot accept a co-host invitation, so it is 403/10003.
    /// </summary>
    /// <exception cref="LiveException">Login errors (TLSSDK, 8051, 8021, 8022), 10002, 10003, 10009, 10011.</exception>
    public async Task<(HttpMediaSession Session, string Answer)> PublishAsync(Request request)
    {
        var user = Authenticate(HttpMediaKind.Whip, request);
        var (key, name) = Room(request);
        var offer = MediaService.ParseOffer(request.Sdp);
        var sources = MediaService.OfferedSources(offer);
        if (sources.Count == 0)
        {
            throw new LiveException(AVErrorCode.ServerInvalidArgument, "the offer sends no audio or video track (sendonly m-lines expected)");
        }

        var grant = rooms.GrantMediaOnly(user, name, request.Role, request.PrivateMapKey, publishing: true);
        MediaService.RequireSend(grant.Bits, sources);

        var flags = new MediaFlags(sources.Contains(MediaTrackSource.Camera), sources.Contains(MediaTrackSource.Audio), false, false, MediaOnly: true);
        var session = NewSession(HttpMediaKind.Whip, user.App.SdkAppId, request.UserId, key, offer);
        var done = false;
        try
        {
            await rooms.EnterMediaOnlyAsync(key, name, grant, Member(session, user, flags), bits => MediaService.RequireSend(bits, sources)).ConfigureAwait(false);
            var answer = await media.PublishMediaOnlyAsync(key, request.UserId, session.Id, request.Sdp).ConfigureAwait(false);
            await AttachAsync(session).ConfigureAwait(false);
            done = true;
            return (session, answer);
        }
        finally
        {
            if (!done)
            {
                await session.EndAsync(leaveRoom: true, "the WHIP request failed").ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// WHEP: joins the room (as Guest unless a role was asked for) and answers the offer with
    /// <paramref name="publisherUserId"/>'s audio and camera (a second video m-line gets the screen).
    /// </summary>
    /// <exception cref="LiveException">Login errors, 8021 (playing oneself), 10002, 10003, 10009, 1401, 1402, 10011.</exception>
    public async Task<(HttpMediaSession Session, string Answer)> PlayAsync(Request request, string publisherUserId)
    {
        var user = Authenticate(HttpMediaKind.Whep, request);
        if (publisherUserId == request.UserId)
        {
            throw new LiveException(ILiveErrorCode.InvalidParam, "the viewer (?user=) and the publisher are the same user");
        }

        var (key, name) = Room(request);
        var offer = MediaService.ParseOffer(request.Sdp);
        var grant = rooms.GrantMediaOnly(user, name, request.Role, request.PrivateMapKey, publishing: false);
        if (!MediaService.MayReceive(grant.Bits))
        {
            throw new LiveException(AVErrorCode.ServerNoPermission, $"playing needs a RECV bit (0x08 audio, 0x20 camera, 0x80 screen); granted 0x{grant.Bits:X2}");
        }

        var session = NewSession(HttpMediaKind.Whep, user.App.SdkAppId, request.UserId, key, offer);
        var done = false;
        try
        {
            var flags = new MediaFlags(false, false, false, false, MediaOnly: true);
            await rooms.EnterMediaOnlyAsync(key, name, grant, Member(session, user, flags), static _ => { }).ConfigureAwait(false);
            var answer = await media.PlayAsync(key, request.UserId, session.Id, publisherUserId, request.Sdp).ConfigureAwait(false);
            await AttachAsync(session).ConfigureAwait(false);
            done = true;
            return (session, answer);
        }
        finally
        {
            if (!done)
            {
                await session.EndAsync(leaveRoom: true, "the WHEP request failed").ConfigureAwait(false);
            }
        }
    }

    /// <summary>The userSig check of a login (<see cref="LoginService.Authenticate"/>).</summary>
    private AuthenticatedUser Authenticate(HttpMediaKind kind, Request request) =>
        login.Authenticate(request.SdkAppId, request.UserId, request.UserSig, kind == HttpMediaKind.Whip ? "WHIP" : "WHEP");

    private static (string Key, RoomName Name) Room(Request request) =>
        RoomEntryService.Identify(request.SdkAppId, RoomKeys.FromPathSegment(request.RoomSegment));

    private HttpMediaSession NewSession(HttpMediaKind kind, uint sdkAppId, string userId, string roomKey, SessionDescription offer)
    {
        var ufrag = offer.IceUfrag ?? string.Empty;
        foreach (var media in offer.Media)
        {
            if (media.IceUfrag is not null)
            {
                ufrag = media.IceUfrag;
                break;
            }
        }

        return new HttpMediaSession(kind, sdkAppId, userId, roomKey, ufrag, sessions, grains, logger);
    }

    private MediaOnlyMember Member(HttpMediaSession session, AuthenticatedUser user, MediaFlags media) =>
        new(session.UserId, login.TinyIdOf(user.App.SdkAppId, user.UserId), session.Id, session.Reference, media, fanout.Reference);

    /// <summary>The user's session from now on (like a login: an older session of the same user is forced offline with 8050).</summary>
    private async Task AttachAsync(HttpMediaSession session)
    {
        sessions.Add(session);
        await grains.GetGrain<IHttpMediaResourceGrain>(session.ResourceId).Register(session.ResourceReference).ConfigureAwait(false);
        await login.AttachAsync(session.SdkAppId, session.UserId, session.Id, session.Reference).ConfigureAwait(false);
        if (session.Ended)
        {
            // The room closed or removed the member meanwhile: the resource ended before it was registered.
            sessions.Remove(session);
            await grains.GetGrain<IHttpMediaResourceGrain>(session.ResourceId).Unregister().ConfigureAwait(false);
            await login.DetachAsync(session.SdkAppId, session.UserId, session.Id).ConfigureAwait(false);
            throw new LiveException(AVErrorCode.ServerRoomNotExist, "the room closed while entering it");
        }

        HttpMediaLog.Created(logger, session.Kind, session.ResourceId, session.UserId, session.RoomKey);
    }
}
