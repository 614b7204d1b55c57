using OpenLive.Core.Errors;
using OpenLive.Core.Rooms;
using OpenLive.Protocol.V1;
using OpenLive.Rtc.Tests.Sdp;
using OpenLive.Server.Application.Media;
using OpenLive.Server.Application.Rooms;
using OpenLive.Server.Grains;
using OpenLive.Testing;

namespace OpenLive.Server.Tests.Application.Media;

/// <summary>Media requests through <see cref="MediaService"/>: checked here, answered by the room grain and the node's SFU.</summary>
public sealed class MediaServiceTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private readonly ServiceHarness _app = new(shared.Server);

    private MediaService Media => _app.Get<MediaService>();

    private async Task<TestSession> HostAsync(string userId, uint room)
    {
        var host = await _app.LoggedInAsync(userId);
        await _app.Get<RoomEntryService>().EnterAsync(host.State, new RoomId { Number = room }, new EntryOptions(null, 0, null, new MediaFlags(false, false, false, false)), creating: true);
        return host;
    }

    [Fact]
    public async Task Publish_AnswersABrowserOffer_WithTheSfusAnswer()
    {
        var host = await HostAsync("md_publisher", 9971);

        var answer = await Media.PublishAsync(host.State, BrowserFixtures.ChromiumOffer, []);

        Assert.StartsWith("v=0", answer, StringComparison.Ordinal);
        Assert.Contains("a=ice-lite", answer, StringComparison.Ordinal);
        await _app.Get<RoomEntryService>().DismissAsync(host.State);
    }

    [Fact]
    public async Task Publish_NeedsASourceForEveryNamedTrack_AndARoom()
    {
        var host = await HostAsync("md_sourceless", 9972);

        var sourceless = await Assert.ThrowsAsync<LiveException>(() => Media.PublishAsync(host.State, BrowserFixtures.ChromiumOffer, [("0", null)]));
        Assert.Equal((int)ILiveErrorCode.InvalidParam, sourceless.Code);

        var outside = await _app.LoggedInAsync("md_outside");
        var noRoom = await Assert.ThrowsAsync<LiveException>(() => Media.PublishAsync(outside.State, BrowserFixtures.ChromiumOffer, []));
        Assert.Equal((int)ILiveErrorCode.NoRoom, noRoom.Code);
        await _app.Get<RoomEntryService>().DismissAsync(host.State);
    }

    [Fact]
    public async Task Views_NameAMemberAndAVideoSource()
    {
        var host = await HostAsync("md_viewer", 9973);

        var audio = await Assert.ThrowsAsync<LiveException>(() => Media.RequestViewsAsync(host.State, [("md_viewer", MediaTrackSource.Audio, ViewQuality.Auto)]));
        var nameless = await Assert.ThrowsAsync<LiveException>(() => Media.RequestViewsAsync(host.State, [("", MediaTrackSource.Camera, ViewQuality.High)]));

        Assert.Equal([(int)ILiveErrorCode.InvalidParam, (int)ILiveErrorCode.InvalidParam], [audio.Code, nameless.Code]);
        await _app.Get<RoomEntryService>().DismissAsync(host.State);
    }

    [Fact]
    public void OfferedSources_AndRequireSend_ReadTheOfferAndTheBits()
    {
        var offer = MediaService.ParseOffer(ServerFixtures.WhipObsOffer);
        var sources = MediaService.OfferedSources(offer);

        Assert.Equal([MediaTrackSource.Audio, MediaTrackSource.Camera], sources);
        MediaService.RequireSend((uint)AuthBits.All, sources);
        var e = Assert.Throws<LiveException>(() => MediaService.RequireSend((uint)AuthBits.Audience, sources));
        Assert.Equal((ErrorModule.AVSDK, (int)AVErrorCode.ServerNoPermission), (e.ErrorModule, e.Code));
        Assert.True(MediaService.MayReceive((uint)AuthBits.Audience));
        Assert.False(MediaService.MayReceive((uint)AuthBits.JoinRoom));
    }
}
