using OpenLive.Core.Errors;
using OpenLive.Sdk.Rooms;
using OpenLive.Server.Application.Egress;
using OpenLive.Testing;

namespace OpenLive.Sdk.Tests.Egress;

/// <summary>
/// iLiveSDK's push and record calls from the .NET SDK through the real server to the room grain, which decides who may
/// start what and hands the egress host (a recording double here) the request.
/// </summary>
public sealed class EgressControlTests(EgressServer fixture) : IClassFixture<EgressServer>
{
    private TestServer Server => fixture.Server;

    private RecordingEgressHost Host => fixture.Host;

    private async Task<(LiveClient Host, LiveRoom HostRoom, LiveClient Viewer, LiveRoom Room)> ShowAsync(uint roomId, string prefix)
    {
        var host = await Server.LoggedInClientAsync($"{prefix}_host");
        var viewer = await Server.LoggedInClientAsync($"{prefix}_viewer");
        var hostRoom = await host.CreateRoomAsync(roomId, LiveRoomOptions.Host());
        var room = await viewer.JoinRoomAsync(roomId, LiveRoomOptions.Audience());
        return (host, hostRoom, viewer, room);
    }

    private static (string, int) Codes(LiveException e) => (e.Module, e.Code);

    private List<EgressRequest> StartedIn(uint roomId) => [.. Host.Started.Where(r => r.RoomKey == fixture.RoomKey(roomId))];

    [Fact]
    public async Task Owner_StartsHlsAndMp4Record_GetsUrlsChannelAndFiles_AndStopsIt()
    {
        var (host, hostRoom, viewer, _) = await ShowAsync(9801, "eg1");
        await using var _h = host;
        await using var _v = viewer;

        var rsp = await hostRoom.StartPushStreamAsync(new PushStreamOption { Encode = StreamEncode.Hls, RecordFileType = RecordFileType.Mp4 });

        Assert.NotEqual(0UL, rsp.ChannelId);
        Assert.Equal([new LiveUrl(StreamEncode.Hls, $"/live/{Server.AppId}/9801/eg1_host/index.m3u8", 0)], rsp.Urls);
        Assert.Single(rsp.FileIds);
        var request = Assert.Single(StartedIn(9801));
        Assert.Equal((Server.AppId, "9801", "eg1_host", EgressVideo.Camera, false, EgressOutputs.Record | EgressOutputs.Hls, "eg1_host"),
            (request.AppId, request.RoomId, request.MemberId, request.Video, request.AudioOnly, request.Outputs, request.StartedBy));
        Assert.Empty(request.RtmpUrls);

        await hostRoom.StopPushStreamAsync([rsp.ChannelId]);
        Assert.Contains(Host.Stopped, s => s.ChannelId == rsp.ChannelId && s.RoomKey == fixture.RoomKey(9801));
        Assert.Empty(Host.Running(fixture.RoomKey(9801)));

        // The channel is gone: stopping it again names it as unknown.
        Assert.Equal(("ILiveSDK", 8022), Codes(await Assert.ThrowsAsync<LiveException>(() => hostRoom.StopPushStreamAsync([rsp.ChannelId]))));
    }

    [Fact]
    public async Task Rtmp_GoesToTheOperatorsIngestOnly_AndTheAnswerHidesItsCredentials()
    {
        var (host, hostRoom, viewer, _) = await ShowAsync(9802, "eg2");
        await using var _h = host;
        await using var _v = viewer;

        var rsp = await hostRoom.StartPushStreamAsync(new PushStreamOption { Encode = StreamEncode.HlsAndRtmp, PushDataType = PushDataType.Screen, OnlyPushAudio = true, RecordId = "show-1" });

        var request = Assert.Single(StartedIn(9802));
        Assert.Equal([EgressServer.Ingest], request.RtmpUrls);
        Assert.Equal((EgressOutputs.Hls | EgressOutputs.Rtmp, EgressVideo.Screen, true), (request.Outputs, request.Video, request.AudioOnly));
        var rtmp = Assert.Single(rsp.Urls, url => url.EncodeType == StreamEncode.Rtmp);
        Assert.Equal("rtmp://127.0.0.1:19350/live/", rtmp.Url); // the stream key stays on the server
        Assert.Empty(rsp.FileIds);
    }

    [Fact]
    public async Task AMemberWithoutTheRight_Gets10003_ForEveryCall_AndTheHostSeesNothing()
    {
        var (host, hostRoom, viewer, room) = await ShowAsync(9803, "eg3");
        await using var _h = host;
        await using var _v = viewer;
        var channel = await hostRoom.StartPushStreamAsync(new PushStreamOption { Encode = StreamEncode.Hls });

        Assert.Equal(("AVSDK", 10003), Codes(await Assert.ThrowsAsync<LiveException>(() => room.StartPushStreamAsync(new PushStreamOption { UserId = "eg3_host" }))));
        Assert.Equal(("AVSDK", 10003), Codes(await Assert.ThrowsAsync<LiveException>(() => room.StopPushStreamAsync([channel.ChannelId]))));
        Assert.Equal(("AVSDK", 10003), Codes(await Assert.ThrowsAsync<LiveException>(() => room.StartRecordVideoAsync(new RecordOption { UserId = "eg3_host" }))));
        Assert.Equal(("AVSDK", 10003), Codes(await Assert.ThrowsAsync<LiveException>(() => room.StopRecordVideoAsync())));

        Assert.Single(StartedIn(9803));
        Assert.Equal([channel.ChannelId], Host.Running(fixture.RoomKey(9803)).Select(info => info.ChannelId));
    }

    [Fact]
    public async Task ARoleThePolicyNames_MayStartItsOwnPush_AfterBecomingCoHost()
    {
        var (host, hostRoom, viewer, room) = await ShowAsync(9804, "eg4");
        await using var _h = host;
        await using var _v = viewer;
        var invited = Events.Next<CoHostEventArgs>(h => room.CoHostInvited += h);
        await hostRoom.InviteCoHostAsync("eg4_viewer");
        await invited;
        await room.AcceptCoHostInviteAsync(); // role LiveGuest: OpenLive:EgressPolicy:Roles names it

        var rsp = await room.StartPushStreamAsync(new PushStreamOption { Encode = StreamEncode.Hls });

        var request = Assert.Single(StartedIn(9804));
        Assert.Equal(("eg4_viewer", "eg4_viewer"), (request.MemberId, request.StartedBy));
        await room.StopPushStreamAsync([rsp.ChannelId]);
    }

    [Fact]
    public async Task BadOptions_AreRefusedWithTheirCodes_AndStartNothing()
    {
        var (host, hostRoom, viewer, _) = await ShowAsync(9805, "eg5");
        await using var _h = host;
        await using var _v = viewer;

        async Task<(string, int)> Start(PushStreamOption option) => Codes(await Assert.ThrowsAsync<LiveException>(() => hostRoom.StartPushStreamAsync(option)));
        async Task<(string, int)> Record(RecordOption option) => Codes(await Assert.ThrowsAsync<LiveException>(() => hostRoom.StartRecordVideoAsync(option)));
        async Task<(string, int)> Stop(IEnumerable<ulong> ids) => Codes(await Assert.ThrowsAsync<LiveException>(() => hostRoom.StopPushStreamAsync(ids)));

        // Values iLiveSDK never had: 8021.
        Assert.Equal(("ILiveSDK", 8021), await Start(new PushStreamOption { Encode = (StreamEncode)0x09 }));
        Assert.Equal(("ILiveSDK", 8021), await Start(new PushStreamOption { PushDataType = (PushDataType)2 }));
        Assert.Equal(("ILiveSDK", 8021), await Start(new PushStreamOption { RecordFileType = (RecordFileType)0x11 }));
        Assert.Equal(("ILiveSDK", 8021), await Start(new PushStreamOption { Encode = StreamEncode.None, RecordFileType = RecordFileType.None }));
        Assert.Equal(("ILiveSDK", 8021), await Start(new PushStreamOption { RecordId = new string('r', 65) }));

        // iLiveSDK's, but not produced by OpenLive: 8023, not a channel that silently lacks them.
        Assert.Equal(("ILiveSDK", 8023), await Start(new PushStreamOption { Encode = StreamEncode.Flv }));
        Assert.Equal(("ILiveSDK", 8023), await Start(new PushStreamOption { Encode = StreamEncode.Raw }));
        foreach (var type in new[] { RecordFileType.Hls, RecordFileType.Flv, RecordFileType.HlsFlv, RecordFileType.HlsMp4, RecordFileType.FlvMp4, RecordFileType.HlsFlvMp4, RecordFileType.Mp3 })
        {
            Assert.Equal(("ILiveSDK", 8023), await Start(new PushStreamOption { Encode = StreamEncode.None, RecordFileType = type }));
        }

        // File names: no path parts, no hidden files, bounded.
        foreach (var name in new[] { "../escape", "a/b", "a\\b", ".hidden", "..", new string('f', 65), "with space", "nul\0byte", "ünicode" })
        {
            Assert.Equal(("ILiveSDK", 8021), await Record(new RecordOption { FileName = name }));
        }

        Assert.Equal(("ILiveSDK", 8021), await Record(new RecordOption { RecordDataType = (PushDataType)7 }));

        // Targets: a user who is not in the room, a member who may not send.
        Assert.Equal(("AVSDK", 10010), await Start(new PushStreamOption { UserId = "not_here" }));
        Assert.Equal(("AVSDK", 1401), await Start(new PushStreamOption { UserId = "eg5_viewer" }));
        Assert.Equal(("ILiveSDK", 8021), await Start(new PushStreamOption { UserId = new string('u', 129) }));

        // Channel ids: none, 0, too many, unknown.
        Assert.Equal(("ILiveSDK", 8021), await Stop([]));
        Assert.Equal(("ILiveSDK", 8021), await Stop([0]));
        Assert.Equal(("ILiveSDK", 8021), await Stop(Enumerable.Range(1, EgressService.MaxStopIds + 1).Select(i => (ulong)i)));
        Assert.Equal(("ILiveSDK", 8022), await Stop([ulong.MaxValue]));

        Assert.Empty(StartedIn(9805));
    }

    [Fact]
    public async Task AnotherRoomsChannel_IsUnknownHere_AndStopIsAllOrNone()
    {
        var (host, hostRoom, viewer, _) = await ShowAsync(9806, "eg6");
        var (other, otherRoom, otherViewer, _) = await ShowAsync(9807, "eg6o");
        await using var _h = host;
        await using var _v = viewer;
        await using var _o = other;
        await using var _ov = otherViewer;
        var mine = await hostRoom.StartPushStreamAsync(new PushStreamOption { Encode = StreamEncode.Hls });
        var theirs = await otherRoom.StartPushStreamAsync(new PushStreamOption { Encode = StreamEncode.Hls });

        Assert.Equal(("ILiveSDK", 8022), Codes(await Assert.ThrowsAsync<LiveException>(() => hostRoom.StopPushStreamAsync([mine.ChannelId, theirs.ChannelId]))));

        Assert.Single(Host.Running(fixture.RoomKey(9806)));
        Assert.Single(Host.Running(fixture.RoomKey(9807)));
    }

    [Fact]
    public async Task RecordVideo_StopAnswersItsFileIds_AndLeavesPushChannelsRunning()
    {
        var (host, hostRoom, viewer, _) = await ShowAsync(9808, "eg8");
        await using var _h = host;
        await using var _v = viewer;
        var push = await hostRoom.StartPushStreamAsync(new PushStreamOption { Encode = StreamEncode.Hls });

        var recording = await hostRoom.StartRecordVideoAsync(new RecordOption { FileName = "show_2026-12.05", ClassId = 7 });

        var request = StartedIn(9808)[^1];
        Assert.Equal((EgressOutputs.Record, "show_2026-12.05"), (request.Outputs, request.FileName));
        Assert.Empty(recording.Urls);
        var files = await hostRoom.StopRecordVideoAsync();
        Assert.Equal(recording.FileIds, files);
        Assert.Equal([push.ChannelId], Host.Running(fixture.RoomKey(9808)).Select(info => info.ChannelId));
        Assert.Equal(("ILiveSDK", 8022), Codes(await Assert.ThrowsAsync<LiveException>(() => hostRoom.StopRecordVideoAsync())));

        // A recording that ended on its own (a full disk) is no longer StopRecordVideo's to stop.
        var again = await hostRoom.StartRecordVideoAsync(new RecordOption());
        Host.EndOnItsOwn(again.ChannelId);
        Assert.Equal(("ILiveSDK", 8022), Codes(await Assert.ThrowsAsync<LiveException>(() => hostRoom.StopRecordVideoAsync())));
    }

    [Fact]
    public async Task ChannelLimits_PerMemberAndPerRoom_Are10005()
    {
        var (host, hostRoom, viewer, room) = await ShowAsync(9809, "eg9");
        await using var _h = host;
        await using var _v = viewer;
        var invited = Events.Next<CoHostEventArgs>(h => room.CoHostInvited += h);
        await hostRoom.InviteCoHostAsync("eg9_viewer");
        await invited;
        await room.AcceptCoHostInviteAsync();

        await hostRoom.StartPushStreamAsync(new PushStreamOption { Encode = StreamEncode.Hls });
        await hostRoom.StartRecordVideoAsync(new RecordOption());
        Assert.Equal(("AVSDK", 10005), Codes(await Assert.ThrowsAsync<LiveException>(() => hostRoom.StartPushStreamAsync(new PushStreamOption { Encode = StreamEncode.Hls }))));

        await hostRoom.StartPushStreamAsync(new PushStreamOption { Encode = StreamEncode.Hls, UserId = "eg9_viewer" });
        Assert.Equal(("AVSDK", 10005), Codes(await Assert.ThrowsAsync<LiveException>(() => room.StartPushStreamAsync(new PushStreamOption { Encode = StreamEncode.Hls }))));
        Assert.Equal(3, Host.Running(fixture.RoomKey(9809)).Count);
    }

    [Fact]
    public async Task AMemberLeaving_StopsItsChannels_ADroppedOneKeepsThem_AndTheRoomsEndStopsAll()
    {
        var (host, hostRoom, viewer, room) = await ShowAsync(9810, "eg10");
        await using var _h = host;
        await using var _v = viewer;
        var key = fixture.RoomKey(9810);
        var invited = Events.Next<CoHostEventArgs>(h => room.CoHostInvited += h);
        await hostRoom.InviteCoHostAsync("eg10_viewer");
        await invited;
        await room.AcceptCoHostInviteAsync();
        await hostRoom.StartPushStreamAsync(new PushStreamOption { Encode = StreamEncode.Hls });
        await hostRoom.StartPushStreamAsync(new PushStreamOption { Encode = StreamEncode.Hls, UserId = "eg10_viewer" });

        // A drop kept for a resume is not leaving: the co-host's channel runs on.
        var back = Events.Next<ConnectionStateChangedEventArgs>(h => viewer.ConnectionStateChanged += h, e => e.State == ConnectionState.Connected);
        viewer.SimulateNetworkLoss();
        await back;
        Assert.DoesNotContain(Host.MembersStopped, s => s.RoomKey == key);
        Assert.Equal(2, Host.Running(key).Count);

        await viewer.CurrentRoom!.QuitAsync();
        Assert.Contains(Host.MembersStopped, s => s == (key, "eg10_viewer", "the member left the room"));
        Assert.Equal(["eg10_host"], Host.Running(key).Select(info => info.Request.MemberId));

        await hostRoom.DismissAsync();
        Assert.Contains(Host.RoomsStopped, s => s.RoomKey == key);
        Assert.Empty(Host.Running(key));
    }

    [Fact]
    public async Task AKickedMember_LeavesForGood_AndItsChannelsStop()
    {
        var (host, hostRoom, viewer, room) = await ShowAsync(9811, "eg11");
        await using var _h = host;
        await using var _v = viewer;
        var key = fixture.RoomKey(9811);
        var invited = Events.Next<CoHostEventArgs>(h => room.CoHostInvited += h);
        await hostRoom.InviteCoHostAsync("eg11_viewer");
        await invited;
        await room.AcceptCoHostInviteAsync();
        await hostRoom.StartPushStreamAsync(new PushStreamOption { Encode = StreamEncode.Hls, UserId = "eg11_viewer" });

        await hostRoom.KickAsync("eg11_viewer");

        Assert.Contains(Host.MembersStopped, s => s == (key, "eg11_viewer", "the member left the room"));
        Assert.Empty(Host.Running(key));
    }
}
