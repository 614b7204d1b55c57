using OpenLive.Core.Errors;
using OpenLive.Core.Rooms;
using OpenLive.Protocol.V1;
using OpenLive.Rtc.Sdp;
using OpenLive.Sdk.Rooms;
using OpenLive.Testing;

namespace OpenLive.Sdk.Tests.Media;

/// <summary>
/// Media negotiation through signaling against the real server and its SFU: answers to real Chromium offers, and every
/// refusal with its iLiveSDK code. Media flow itself is proven with real browsers and libwebrtc (tests/web/media).
/// </summary>
public sealed class MediaSignalingTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private static int s_nextRoom = 9000;
    private TestServer Server => shared.Server;

    private static uint NewRoom() => (uint)Interlocked.Increment(ref s_nextRoom);

    [Fact]
    public async Task HostOffer_GetsAnIceLiteAnswer_ReceivingEachTrackAndItsSimulcastLayers()
    {
        var roomId = NewRoom();
        await using var host = await Server.LoggedInClientAsync("m1_host");
        await host.CreateRoomAsync(roomId, LiveRoomOptions.Host());

        var answer = await PublishAsync(host, ChromiumOffers.AudioAndSimulcastCamera);

        Assert.True(SessionDescription.TryParse(answer, out var sdp, out var error), error);
        Assert.True(sdp.IceLite);
        Assert.Equal(["0", "1"], sdp.FindGroup(MediaGroup.Bundle)!.Mids);
        var audio = sdp.FindMedia("0")!;
        Assert.Equal(MediaDirection.ReceiveOnly, audio.Direction);
        Assert.Equal("opus", Assert.Single(audio.Codecs).Name);
        Assert.Equal(DtlsSetup.Passive, audio.Setup);
        Assert.NotEmpty(audio.Candidates);
        var video = sdp.FindMedia("1")!;
        Assert.Equal(["VP8", "rtx"], video.Codecs.Select(c => c.Name!));
        Assert.Equal(["q", "h", "f"], video.Simulcast!.Receive.Select(layer => layer.Alternatives[0].Id));
        Assert.Contains(video.HeaderExtensions, e => e.Uri == OpenLive.Rtc.Rtp.RtpExtensionUris.RtpStreamId);
        Assert.DoesNotContain(video.HeaderExtensions, e => e.Uri == OpenLive.Rtc.Rtp.RtpExtensionUris.VideoOrientation);
    }

    [Fact]
    public async Task AnM_LineThatDoesNotSend_IsAnsweredInactive_AndStaysBundled_SoItCanBePublishedAgain()
    {
        var roomId = NewRoom();
        await using var host = await Server.LoggedInClientAsync("m6_host");
        await host.CreateRoomAsync(roomId, LiveRoomOptions.Host());
        var videoStart = ChromiumOffers.AudioAndSimulcastCamera.IndexOf("m=video", StringComparison.Ordinal);
        var offer = ChromiumOffers.AudioAndSimulcastCamera[..videoStart]
            + ChromiumOffers.AudioAndSimulcastCamera[videoStart..].Replace("a=sendonly", "a=recvonly", StringComparison.Ordinal);

        var answer = await PublishAsync(host, offer);

        Assert.True(SessionDescription.TryParse(answer, out var sdp, out var error), error);
        var video = sdp.FindMedia("1")!;
        Assert.NotEqual(0, video.Port); // A rejected (port 0) m-line would stop the client's transceiver for good.
        Assert.Equal(MediaDirection.Inactive, video.Direction);
        Assert.NotEmpty(video.Codecs);
        Assert.Equal(["0", "1"], sdp.FindGroup(MediaGroup.Bundle)!.Mids);
    }

    [Fact]
    public async Task ScreenShare_IsASecondVideoTrack_NeedingItsOwnBit()
    {
        var roomId = NewRoom();
        await using var host = await Server.LoggedInClientAsync("m7_host");
        var room = await host.CreateRoomAsync(roomId, LiveRoomOptions.Host());
        var offer = WithScreenSection(ChromiumOffers.AudioAndSimulcastCamera);

        var answer = await PublishAsync(host, offer, ("0", MediaSource.Audio), ("1", MediaSource.Camera), ("2", MediaSource.Screen));
        Assert.True(SessionDescription.TryParse(answer, out var sdp, out var error), error);
        Assert.Equal(["0", "1", "2"], sdp.FindGroup(MediaGroup.Bundle)!.Mids);
        Assert.Equal(MediaDirection.ReceiveOnly, sdp.FindMedia("2")!.Direction);

        // Without SEND_SCREEN_VIDEO (0x40) the same offer is refused as a whole.
        await room.ChangeAuthorityAsync(AuthBits.All & ~AuthBits.SendScreenVideo);
        var refused = await Assert.ThrowsAsync<LiveException>(() => PublishAsync(host, offer, ("0", MediaSource.Audio), ("1", MediaSource.Camera), ("2", MediaSource.Screen)));
        Assert.Equal(("AVSDK", 10003), (refused.Module, refused.Code));
        Assert.Contains("0x40", refused.Detail, StringComparison.Ordinal);
    }

    /// <summary>Appends a copy of the camera section as mid 2 without simulcast (a screen track).</summary>
    private static string WithScreenSection(string offer)
    {
        var videoStart = offer.IndexOf("m=video", StringComparison.Ordinal);
        var screen = offer[videoStart..]
            .Replace("a=mid:1", "a=mid:2", StringComparison.Ordinal)
            .Replace("a=rid:q send\n", string.Empty, StringComparison.Ordinal);
        var lines = screen.Split('\n').Where(line => !line.StartsWith("a=rid:", StringComparison.Ordinal) && !line.StartsWith("a=simulcast:", StringComparison.Ordinal));
        return offer.Replace("a=group:BUNDLE 0 1", "a=group:BUNDLE 0 1 2", StringComparison.Ordinal).TrimEnd('\n') + "\n" + string.Join('\n', lines);
    }

    [Fact]
    public async Task AudienceOffer_Is10003_AndNothingIsNegotiated()
    {
        var roomId = NewRoom();
        await using var host = await Server.LoggedInClientAsync("m2_host");
        await host.CreateRoomAsync(roomId, LiveRoomOptions.Host());
        await using var viewer = await Server.LoggedInClientAsync("m2_viewer");
        await viewer.JoinRoomAsync(roomId, LiveRoomOptions.Audience());

        var refused = await Assert.ThrowsAsync<LiveException>(() => PublishAsync(viewer, ChromiumOffers.AudioAndSimulcastCamera));
        Assert.Equal(("AVSDK", 10003), (refused.Module, refused.Code));
        Assert.Contains("0x04", refused.Detail, StringComparison.Ordinal); // SEND_AUDIO is the first bit it lacks.
    }

    [Fact]
    public async Task BadOffers_Are10002_AndOffersWithoutAForwardableCodec_Are10011()
    {
        var roomId = NewRoom();
        await using var host = await Server.LoggedInClientAsync("m3_host");
        await host.CreateRoomAsync(roomId, LiveRoomOptions.Host());

        var garbage = await Assert.ThrowsAsync<LiveException>(() => PublishAsync(host, "v=0\r\nthis is not sdp"));
        Assert.Equal(("AVSDK", 10002), (garbage.Module, garbage.Code));

        var unbundled = ChromiumOffers.AudioAndSimulcastCamera.Replace("a=group:BUNDLE 0 1", "a=group:BUNDLE 0", StringComparison.Ordinal);
        Assert.Equal(10002, (await Assert.ThrowsAsync<LiveException>(() => PublishAsync(host, unbundled))).Code);

        // Audio offering only G.711: OpenLive forwards Opus.
        var pcmOnly = ChromiumOffers.AudioAndSimulcastCamera
            .Replace("m=audio 50949 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126", "m=audio 50949 UDP/TLS/RTP/SAVPF 0 8", StringComparison.Ordinal)
            .Replace("a=rtpmap:111 opus/48000/2", "a=rtpmap:99 opus-renamed/48000/2", StringComparison.Ordinal);
        var noCodec = await Assert.ThrowsAsync<LiveException>(() => PublishAsync(host, pcmOnly));
        Assert.Equal(("AVSDK", 10011), (noCodec.Module, noCodec.Code));
    }

    [Fact]
    public async Task Views_OfAMemberSendingNothing_Are1401_OfAnAbsentOne_1401_AndWithoutTheRight_10003()
    {
        var roomId = NewRoom();
        await using var host = await Server.LoggedInClientAsync("m4_host");
        await host.CreateRoomAsync(roomId, LiveRoomOptions.Host());
        await using var viewer = await Server.LoggedInClientAsync("m4_viewer");
        var room = await viewer.JoinRoomAsync(roomId, LiveRoomOptions.Audience());

        var silent = await Assert.ThrowsAsync<LiveException>(() => RequestViewAsync(viewer, "m4_host", MediaSource.Camera));
        Assert.Equal(("AVSDK", 1401), (silent.Module, silent.Code));
        var absent = await Assert.ThrowsAsync<LiveException>(() => RequestViewAsync(viewer, "nobody", MediaSource.Camera));
        Assert.Equal(1401, absent.Code);

        await room.ChangeAuthorityAsync(AuthBits.JoinRoom | AuthBits.ReceiveAudio);
        var noRight = await Assert.ThrowsAsync<LiveException>(() => RequestViewAsync(viewer, "m4_host", MediaSource.Camera));
        Assert.Equal(("AVSDK", 10003), (noRight.Module, noRight.Code));
    }

    [Fact]
    public async Task AnAnswerWithoutAnOffer_Is10002_AndMediaOutsideARoom_Is8003()
    {
        await using var user = await Server.LoggedInClientAsync("m5_user");
        var outside = await Assert.ThrowsAsync<LiveException>(() => PublishAsync(user, ChromiumOffers.AudioAndSimulcastCamera));
        Assert.True(outside.Is(ILiveErrorCode.NoRoom));

        await user.CreateRoomAsync(NewRoom(), LiveRoomOptions.Host());
        var stray = await Assert.ThrowsAsync<LiveException>(() => RequestAsync(user, new ClientFrame { SubscriberAnswer = new SubscriberAnswer { Sdp = "v=0\r\n", Revision = 7 } }));
        Assert.Equal(10002, stray.Code);
    }

    private static async Task<string> PublishAsync(LiveClient client, string offer, params (string Mid, MediaSource Source)[] tracks)
    {
        var publish = new Publish { Sdp = offer };
        foreach (var (mid, source) in tracks)
        {
            publish.Tracks.Add(new PublishedTrack { Mid = mid, Source = source });
        }

        var reply = await RequestAsync(client, new ClientFrame { Publish = publish });
        return reply.PublishAnswer.Sdp;
    }

    private static Task<ServerFrame> RequestViewAsync(LiveClient client, string userId, MediaSource source) =>
        RequestAsync(client, new ClientFrame { RequestViews = new RequestViews { Views = { new View { UserId = userId, Source = source } } } });

    private static async Task<ServerFrame> RequestAsync(LiveClient client, ClientFrame frame)
    {
        var reply = await client.RoomRequestAsync(frame, TestContext.Current.CancellationToken);
        return reply.Error is null ? reply : throw WireErrors.ToException(reply.Error);
    }
}
