using System.Net;
using OpenLive.Core.Auth;
using OpenLive.Core.Rooms;
using OpenLive.Rtc.Sdp;
using OpenLive.Rtc.Tests.Sdp;
using OpenLive.Sdk.Rooms;
using OpenLive.Testing;
using static OpenLive.Server.Tests.Edges.HttpMedia.HttpMediaClient;

namespace OpenLive.Server.Tests.Edges.HttpMedia;

/// <summary>WHEP (draft-ietf-wish-whep) against the real server: client-offered playback of one publisher.</summary>
public sealed class WhepTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private static int s_nextRoom = 72000;
    private TestServer Server => shared.Server;

    private static uint NewRoom() => (uint)Interlocked.Increment(ref s_nextRoom);

    /// <summary>The Chromium WHEP offer with VP8 and its RTX renumbered (120/121), to see the answer keep the offer's numbers.</summary>
    private static readonly string RenumberedPlayerOffer = BrowserFixtures.WhepRecvOnlyOffer
        .Replace("SAVPF 96 97 102 103", "SAVPF 120 121 102 103", StringComparison.Ordinal)
        .Replace(":96 ", ":120 ", StringComparison.Ordinal)
        .Replace(":97 ", ":121 ", StringComparison.Ordinal)
        .Replace("apt=96", "apt=120", StringComparison.Ordinal);

    /// <summary>OBS's offer without its video: a publisher of audio alone.</summary>
    private static readonly string AudioOnlyOffer = ServerFixtures.WhipObsOffer[..ServerFixtures.WhipObsOffer.IndexOf("m=video", StringComparison.Ordinal)]
        .Replace("a=group:BUNDLE 0 1", "a=group:BUNDLE 0", StringComparison.Ordinal)
        .Replace("a=group:LS 0 1", "a=group:LS 0", StringComparison.Ordinal);

    [Fact]
    public async Task PlaysAudioAndCamera_InThePublishersCodecs_UnderTheOffersPayloadTypes()
    {
        var room = NewRoom();
        await using var host = await Server.LoggedInClientAsync("wh_play_host");
        var live = await host.CreateRoomAsync(room, LiveRoomOptions.Host());
        using var http = new HttpMediaClient(Server);
        var (_, publisherLocation) = await CreatedAsync(await http.PublishAsync(room, "wh_play_pub", BrowserFixtures.ChromiumOffer, WhipTests.CoHostKey(Server, "wh_play_pub", room)), "whip");

        var joined = Events.Next<MemberEventArgs>(h => live.MemberEvent += h, e => e.EventId == MemberEventId.In && e.Members[0].UserId == "wh_play_viewer");
        var (answer, location) = await CreatedAsync(await http.PlayAsync(room, "wh_play_pub", "wh_play_viewer", RenumberedPlayerOffer), "whep");
        var viewer = Assert.Single((await joined).Members);
        Assert.Equal(("Guest", AuthBits.Audience), (viewer.ControlRole, viewer.AuthBits));

        Assert.True(answer.IceLite);
        Assert.Equal(["0", "1"], answer.FindGroup(MediaGroup.Bundle)!.Mids);
        var audio = answer.Media[0];
        var video = answer.Media[1];
        foreach (var section in answer.Media)
        {
            Assert.Equal(MediaDirection.SendOnly, section.Direction);
            Assert.Equal(DtlsSetup.Passive, section.Setup);
            Assert.NotEmpty(section.Candidates);
            Assert.Equal("wh_play_pub", Assert.Single(section.Msids).StreamId);
        }

        Assert.Equal((111, "opus"), (audio.Codecs[0].PayloadType, audio.Codecs[0].Name));
        Assert.Single(audio.Codecs);
        Assert.Equal((120, "VP8"), (video.Codecs[0].PayloadType, video.Codecs[0].Name));
        Assert.Equal((121, 120), (video.Codecs[1].PayloadType, video.Codecs[1].AssociatedPayloadType));
        Assert.Contains(RtcpFeedback.Nack, video.Codecs[0].Feedback);
        Assert.Equal("wh_play_pub-camera", video.Msids[0].TrackId);
        var fid = Assert.Single(video.SsrcGroups);
        Assert.Equal(SsrcGroup.FlowIdentification, fid.Semantics);
        Assert.Equal(fid.Ssrcs[0], video.SsrcLines[0].Ssrc);
        Assert.Equal(3, video.FindHeaderExtension(OpenLive.Rtc.Rtp.RtpExtensionUris.TransportWideCc)!.Id); // the offer's ids
        Assert.Null(video.FindHeaderExtension(OpenLive.Rtc.Rtp.RtpExtensionUris.RtpStreamId)); // the SFU sends no rids to a player

        var left = Events.Next<MemberEventArgs>(h => live.MemberEvent += h, e => e.EventId == MemberEventId.Out);
        using var deleted = await http.DeleteAsync(location);
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Equal("wh_play_viewer", Assert.Single((await left).Members).UserId);
        using var publisherDeleted = await http.DeleteAsync(publisherLocation);
        Assert.Equal(HttpStatusCode.OK, publisherDeleted.StatusCode);
    }

    [Fact]
    public async Task PublisherLeaving_EndsTheTracks_ButTheViewerStays()
    {
        var room = NewRoom();
        await using var host = await Server.LoggedInClientAsync("wh_stay_host");
        var live = await host.CreateRoomAsync(room, LiveRoomOptions.Host());
        using var http = new HttpMediaClient(Server);
        var (_, publisher) = await CreatedAsync(await http.PublishAsync(room, "wh_stay_pub", ServerFixtures.WhipObsOffer, WhipTests.CoHostKey(Server, "wh_stay_pub", room)), "whip");
        var (_, viewer) = await CreatedAsync(await http.PlayAsync(room, "wh_stay_pub", "wh_stay_viewer", BrowserFixtures.WhepRecvOnlyOffer), "whep");

        var left = Events.Next<MemberEventArgs>(h => live.MemberEvent += h, e => e.EventId == MemberEventId.Out);
        using var deleted = await http.DeleteAsync(publisher);
        Assert.Equal("wh_stay_pub", Assert.Single((await left).Members).UserId);

        using var alive = await http.SendAsync(HttpMethod.Patch, viewer, "a=end-of-candidates\r\n");
        Assert.Equal(HttpStatusCode.NoContent, alive.StatusCode);
        Assert.Equal(["wh_stay_host", "wh_stay_viewer"], (await live.GetMembersAsync()).Select(m => m.UserId).Order(StringComparer.Ordinal));

        // Playing again is one playback per member: a second offer needs a new resource (and the publisher is gone).
        using var gone = await http.PlayAsync(room, "wh_stay_pub", "wh_stay_viewer2", BrowserFixtures.WhepRecvOnlyOffer);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        using var ended = await http.DeleteAsync(viewer);
        Assert.Equal(HttpStatusCode.OK, ended.StatusCode);
    }

    [Fact]
    public async Task PublisherWithoutVideo_ServesAudio_AndRejectsTheVideoLine()
    {
        var room = NewRoom();
        using var http = new HttpMediaClient(Server);
        await CreatedAsync(await http.PublishAsync(room, "wh_audio_pub", AudioOnlyOffer), "whip");

        var (answer, _) = await CreatedAsync(await http.PlayAsync(room, "wh_audio_pub", "wh_audio_viewer", BrowserFixtures.WhepRecvOnlyOffer), "whep");
        Assert.Equal(2, answer.Media.Count);
        Assert.NotEqual(0, answer.Media[0].Port);
        Assert.Equal(0, answer.Media[1].Port);
        Assert.Equal(["0"], answer.FindGroup(MediaGroup.Bundle)!.Mids);

        // Asking for video alone is 1402.
        var videoOnly = BrowserFixtures.WhepRecvOnlyOffer.Replace("a=group:BUNDLE 0 1", "a=group:BUNDLE 1", StringComparison.Ordinal)
            .Replace("m=audio 9 UDP/TLS/RTP/SAVPF", "m=audio 0 UDP/TLS/RTP/SAVPF", StringComparison.Ordinal);
        using var refused = await http.PlayAsync(room, "wh_audio_pub", "wh_audio_viewer2", videoOnly);
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        Assert.Equal(("AVSDK", 1402), await ErrorOf(refused));

        // An offer that receives nothing is 10002.
        using var sendOnly = await http.PlayAsync(room, "wh_audio_pub", "wh_audio_viewer3", ServerFixtures.WhipObsOffer);
        Assert.Equal(HttpStatusCode.BadRequest, sendOnly.StatusCode);
        Assert.Equal(("AVSDK", 10002), await ErrorOf(sendOnly));
    }

    [Fact]
    public async Task PlayerWithoutThePublishersCodec_Is422With10011()
    {
        var room = NewRoom();
        using var http = new HttpMediaClient(Server);
        await CreatedAsync(await http.PublishAsync(room, "wh_codec_pub", ServerFixtures.WhipObsOffer), "whip"); // H.264 and Opus

        // The player asks for video only and offers VP8 alone.
        var vp8Only = BrowserFixtures.WhepRecvOnlyOffer
            .Replace("m=audio 9 UDP/TLS/RTP/SAVPF", "m=audio 0 UDP/TLS/RTP/SAVPF", StringComparison.Ordinal)
            .Replace("a=group:BUNDLE 0 1", "a=group:BUNDLE 1", StringComparison.Ordinal)
            .Replace("SAVPF 96 97 102 103", "SAVPF 96 97", StringComparison.Ordinal);
        using var refused = await http.PlayAsync(room, "wh_codec_pub", "wh_codec_viewer", vp8Only);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal(("AVSDK", 10011), await ErrorOf(refused));

        // With H.264 offered too, the publisher's 42e01f is served under the player's number.
        var (answer, _) = await CreatedAsync(await http.PlayAsync(room, "wh_codec_pub", "wh_codec_viewer", BrowserFixtures.WhepRecvOnlyOffer), "whep");
        Assert.Equal((102, "H264"), (answer.Media[1].Codecs[0].PayloadType, answer.Media[1].Codecs[0].Name));
        Assert.Equal("profile-level-id=42e01f;packetization-mode=1;level-asymmetry-allowed=1", answer.Media[1].Codecs[0].Parameters!.Raw);
        Assert.Equal(2, answer.Media[1].Codecs.Count); // its RTX (103), though OBS sends none: the SFU resends as RTX itself
    }

    [Fact]
    public async Task Refusals_404_403_400()
    {
        var room = NewRoom();
        await using var host = await Server.LoggedInClientAsync("wh_ref_host");
        var live = await host.CreateRoomAsync(room, LiveRoomOptions.Host());
        using var http = new HttpMediaClient(Server);

        using var absent = await http.PlayAsync(room, "wh_nobody", "wh_ref_viewer", BrowserFixtures.WhepRecvOnlyOffer);
        Assert.Equal(HttpStatusCode.NotFound, absent.StatusCode);
        Assert.Equal(("AVSDK", 1401), await ErrorOf(absent));

        using var silent = await http.PlayAsync(room, "wh_ref_host", "wh_ref_viewer", BrowserFixtures.WhepRecvOnlyOffer); // in the room, publishing nothing
        Assert.Equal(HttpStatusCode.NotFound, silent.StatusCode);
        Assert.Equal(("AVSDK", 1401), await ErrorOf(silent));

        using var noRoom = await http.PlayAsync(NewRoom(), "wh_ref_host", "wh_ref_viewer", BrowserFixtures.WhepRecvOnlyOffer);
        Assert.Equal(HttpStatusCode.NotFound, noRoom.StatusCode);
        Assert.Equal(("AVSDK", 10009), await ErrorOf(noRoom));

        var joinOnly = new UserSigGenerator(Server.AppId, Server.Key).GenPrivateMapKey("wh_ref_deaf", 3600, room, AuthBits.JoinRoom);
        using var deaf = await http.PlayAsync(room, "wh_ref_host", "wh_ref_deaf", BrowserFixtures.WhepRecvOnlyOffer, $"&privateMapKey={Uri.EscapeDataString(joinOnly)}");
        Assert.Equal(HttpStatusCode.Forbidden, deaf.StatusCode);
        Assert.Equal(("AVSDK", 10003), await ErrorOf(deaf));

        using var self = await http.PlayAsync(room, "wh_ref_self", "wh_ref_self", BrowserFixtures.WhepRecvOnlyOffer);
        Assert.Equal(HttpStatusCode.BadRequest, self.StatusCode);
        Assert.Equal(("ILiveSDK", 8021), await ErrorOf(self));

        using var noViewer = await http.PostAsync($"/whep/{Server.AppId}/{room}/wh_ref_host", Server.Sig("wh_ref_viewer"), BrowserFixtures.WhepRecvOnlyOffer);
        Assert.Equal(HttpStatusCode.BadRequest, noViewer.StatusCode);
        Assert.Equal(("ILiveSDK", 8021), await ErrorOf(noViewer));

        Assert.Equal(["wh_ref_host"], (await live.GetMembersAsync()).Select(m => m.UserId)); // every refusal left the room again
    }
}
