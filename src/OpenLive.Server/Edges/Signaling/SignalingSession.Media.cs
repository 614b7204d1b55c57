using OpenLive.Core.Errors;
using OpenLive.Protocol.V1;
using OpenLive.Server.Grains;

namespace OpenLive.Server.Edges.Signaling;

/// <summary>Media requests: publish offers, subscriber answers and video views, decided by the room grain and its node's SFU.</summary>
internal sealed partial class SignalingSession
{
    private const int MaxSdpLength = 64 * 1024;
    private const int MaxViews = 64;

    private async Task<ServerFrame?> PublishAsync(LoginState login, Publish request)
    {
        var room = RoomOrThrow();
        CheckSdp(request.Sdp, "offer");
        var tracks = new PublishedTrackSource[request.Tracks.Count];
        for (var i = 0; i < tracks.Length; i++)
        {
            var track = request.Tracks[i];
            var source = Wire.RoomWire.Source(track.Source)
                ?? throw new LiveException(ILiveErrorCode.InvalidParam, $"track \"{track.Mid}\" has no source (audio, camera or screen)");
            tracks[i] = new PublishedTrackSource(track.Mid, source);
        }

        var result = await _services.Grains.GetGrain<IRoomMedia>(room.Key).Publish(login.UserId, Id, request.Sdp, tracks).ConfigureAwait(false);
        return new ServerFrame { PublishAnswer = new PublishAnswer { Sdp = result.GetValueOrThrow() } };
    }

    private async Task<ServerFrame?> AnswerSubscriberAsync(LoginState login, SubscriberAnswer request)
    {
        var room = RoomOrThrow();
        CheckSdp(request.Sdp, "answer");
        (await _services.Grains.GetGrain<IRoomMedia>(room.Key).AnswerSubscriber(login.UserId, Id, request.Sdp, request.Revision).ConfigureAwait(false)).ThrowIfFailed();
        return new ServerFrame { Ok = new Empty() };
    }

    private async Task<ServerFrame?> RequestViewsAsync(LoginState login, RequestViews request)
    {
        var room = RoomOrThrow();
        if (request.Views.Count > MaxViews)
        {
            throw new LiveException(ILiveErrorCode.InvalidParam, $"at most {MaxViews} views");
        }

        var views = new RoomView[request.Views.Count];
        for (var i = 0; i < views.Length; i++)
        {
            var view = request.Views[i];
            if (view.Source is not (MediaSource.Camera or MediaSource.Screen) || view.UserId.Length == 0)
            {
                throw new LiveException(ILiveErrorCode.InvalidParam, "a view names a member and CAMERA or SCREEN");
            }

            views[i] = new RoomView(view.UserId, Wire.RoomWire.Source(view.Source)!.Value, Wire.RoomWire.Quality(view.Quality));
        }

        (await _services.Grains.GetGrain<IRoomMedia>(room.Key).RequestViews(login.UserId, Id, views).ConfigureAwait(false)).ThrowIfFailed();
        return new ServerFrame { Ok = new Empty() };
    }

    private async Task<ServerFrame?> CancelViewsAsync(LoginState login)
    {
        var room = RoomOrThrow();
        (await _services.Grains.GetGrain<IRoomMedia>(room.Key).CancelViews(login.UserId, Id).ConfigureAwait(false)).ThrowIfFailed();
        return new ServerFrame { Ok = new Empty() };
    }

    private async Task<ServerFrame?> GetMediaStatsAsync(LoginState login)
    {
        var room = RoomOrThrow();
        var result = await _services.Grains.GetGrain<IRoomMedia>(room.Key).GetMediaStats(login.UserId, Id).ConfigureAwait(false);
        return new ServerFrame { MediaStats = Wire.RoomWire.MediaStats(result.GetValueOrThrow()) };
    }

    /// <summary>The server is ICE-lite and learns the client's addresses from its checks: a trickled candidate needs nothing.</summary>
    private ServerFrame? Trickle(Trickle request)
    {
        _ = RoomOrThrow();
        if (request.Candidate.Length > 1024)
        {
            throw new LiveException(ILiveErrorCode.InvalidParam, "candidate too long");
        }

        return new ServerFrame { Ok = new Empty() };
    }

    private static void CheckSdp(string sdp, string what)
    {
        if (string.IsNullOrEmpty(sdp) || sdp.Length > MaxSdpLength)
        {
            throw new LiveException(ILiveErrorCode.InvalidParam, $"the {what} is empty or longer than {MaxSdpLength / 1024} KiB");
        }
    }
}
