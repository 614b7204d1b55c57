using OpenLive.Core.Errors;
using OpenLive.Core.Rooms;
using OpenLive.Protocol.V1;
using OpenLive.Server.Application.Rooms;
using OpenLive.Server.Grains;
using OpenLive.Server.Tests.Application;
using OpenLive.Testing;

namespace OpenLive.Server.Tests.Grains;

/// <summary>
/// The room grain's egress role (<see cref="IRoomEgress"/>) on a real silo and its node's egress host: who is asking is
/// checked before anything else (a caller that is not the member's current session is 10006), every check holds, and a
/// start that passes them runs on the node's host until stopped. (A node without a host answers 8023:
/// <c>OpenLive.Sdk.Tests.Egress.EgressBoundsTests</c>.)
/// </summary>
public sealed class RoomGrainEgressTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private static readonly RoomVideo NoVideo = new(0, 0, 0, 0);
    private static readonly MediaFlags NoMedia = new(false, false, false, false);
    private readonly ServiceHarness _app = new(shared.Server);

    private IGrainFactory GrainFactory => _app.Get<IGrainFactory>();

    private string KeyOf(uint room) => RoomKeys.Validate(shared.Server.AppId, new RoomId { Number = room }).GrainKey;

    private RoomName Name(uint room) => new(room, null, RoomKeys.Validate(shared.Server.AppId, new RoomId { Number = room }).GroupId);

    private RoomEntrant Entrant(TestSession session, string role, uint bits) =>
        new(session.State.Login!.UserId, session.State.Login.TinyId, session.State.Id, session.State.Reference!, role, bits, NoVideo, NoMedia, _app.Fanout.Reference);

    private static EgressOrder Hls(string memberId) => new(memberId, Screen: false, AudioOnly: false, Record: false, Hls: true, RtmpUrls: [], FileName: null, RecordVideo: false);

    [Fact]
    public async Task ACallerThatIsNotTheMembersSession_Is10006_BeforeAnyOtherCheck()
    {
        var owner = await _app.LoggedInAsync("rge_owner");
        (await GrainFactory.GetGrain<IRoomMembership>(KeyOf(9861)).Create(Name(9861), Entrant(owner, "LiveMaster", (uint)AuthBits.All))).GetValueOrThrow();
        var egress = GrainFactory.GetGrain<IRoomEgress>(KeyOf(9861));

        var stranger = await egress.StartEgress("rge_stranger", Guid.NewGuid(), Hls("rge_owner"));
        var staleSession = await egress.StartEgress("rge_owner", Guid.NewGuid(), Hls("rge_owner"));
        var staleStop = await egress.StopEgress("rge_owner", Guid.NewGuid(), [1]);
        var staleRecord = await egress.StopRecordVideo("rge_owner", Guid.NewGuid());

        Assert.All([stranger.Error, staleSession.Error, staleStop.Error, staleRecord.Error], error => Assert.Equal((ErrorModule.AVSDK, (int)AVErrorCode.ServerIdNotInRoom), (error!.Module, error.Code)));
        (await GrainFactory.GetGrain<IRoomAdministration>(KeyOf(9861)).AdminDismiss()).ThrowIfFailed();
    }

    [Fact]
    public async Task TheChecksHold_AndAStartThatPassesThem_RunsOnTheNodesHost_UntilStopped()
    {
        var owner = await _app.LoggedInAsync("rge2_owner");
        (await GrainFactory.GetGrain<IRoomMembership>(KeyOf(9862)).Create(Name(9862), Entrant(owner, "LiveMaster", (uint)AuthBits.All))).GetValueOrThrow();
        var egress = GrainFactory.GetGrain<IRoomEgress>(KeyOf(9862));
        var session = owner.State.Id;

        Assert.Equal((int)AVErrorCode.ServerEndpointNotExist, (await egress.StartEgress("rge2_owner", session, Hls("absent"))).Error!.Code);
        var channel = (await egress.StartEgress("rge2_owner", session, Hls("rge2_owner"))).GetValueOrThrow();
        Assert.Equal(["/live/" + shared.Server.AppId + "/9862/rge2_owner/index.m3u8"], channel.HlsUrls);
        Assert.Equal([channel.ChannelId], (await egress.AdminEgress()).GetValueOrThrow().Select(c => c.ChannelId));
        Assert.Equal((int)ILiveErrorCode.NotFound, (await egress.StopEgress("rge2_owner", session, [channel.ChannelId + 1])).Error!.Code);
        Assert.Equal((int)ILiveErrorCode.NotFound, (await egress.StopRecordVideo("rge2_owner", session)).Error!.Code);
        (await egress.StopEgress("rge2_owner", session, [channel.ChannelId])).ThrowIfFailed();
        Assert.Empty((await egress.AdminEgress()).GetValueOrThrow());
        (await GrainFactory.GetGrain<IRoomAdministration>(KeyOf(9862)).AdminDismiss()).ThrowIfFailed();

        // The room is gone: the admin calls are 10009.
        Assert.Equal((int)AVErrorCode.ServerRoomNotExist, (await egress.AdminEgress()).Error!.Code);
        Assert.Equal((int)AVErrorCode.ServerRoomNotExist, (await egress.AdminStartEgress(Hls("rge2_owner"))).Error!.Code);
        Assert.Equal((int)AVErrorCode.ServerRoomNotExist, (await egress.AdminStopEgress(1)).Error!.Code);
    }
}
