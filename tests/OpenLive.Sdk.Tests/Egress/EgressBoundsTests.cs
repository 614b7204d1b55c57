using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenLive.Core.Errors;
using OpenLive.Sdk.Rooms;
using OpenLive.Server.Application.Egress;
using OpenLive.Testing;

namespace OpenLive.Sdk.Tests.Egress;

/// <summary>Egress requests are bounded per session, and a server without an egress host says so.</summary>
public sealed class EgressBoundsTests
{
    [Fact]
    public async Task AFloodOfStarts_IsCutAt8011_WithinTheBurst_AndTheSessionKeepsWorking()
    {
        var egress = new RecordingEgressHost();
        await using var server = await TestServer.StartWithServicesAsync(services => services.AddSingleton<IEgressHost>(egress));
        await using var host = await server.LoggedInClientAsync("egf_host");
        var room = await host.CreateRoomAsync(9821, LiveRoomOptions.Host());

        var attempts = Enumerable.Range(0, 40).Select(async _ =>
        {
            try
            {
                return (await room.StartPushStreamAsync(new PushStreamOption { Encode = StreamEncode.Hls })).ChannelId > 0 ? 0 : -1;
            }
            catch (LiveException e)
            {
                return e.Code;
            }
        }).ToArray();
        var outcomes = await Task.WhenAll(attempts);

        // Default OpenLive:EgressPolicy: 5 requests per second (bursts of 10), 4 channels per member.
        Assert.Equal(4, outcomes.Count(code => code == 0));
        Assert.All(outcomes, code => Assert.Contains(code, new[] { 0, (int)ILiveErrorCode.BusyHere, (int)AVErrorCode.ServerAllocResourceFailed }));
        Assert.Contains((int)ILiveErrorCode.BusyHere, outcomes);
        Assert.Equal(4, egress.Started.Count);
        Assert.Equal(["egf_host"], (await room.GetMembersAsync()).Select(m => m.UserId));
    }

    [Fact]
    public async Task ADroppedMemberThatDoesNotResume_LeavesForGood_AndItsChannelsStop()
    {
        var egress = new RecordingEgressHost();
        await using var server = await TestServer.StartWithServicesAsync(services => services.AddSingleton<IEgressHost>(egress), "--OpenLive:ResumeWindow=00:00:01");
        await using var host = await server.LoggedInClientAsync("egd_host");
        var hostRoom = await host.CreateRoomAsync(9823, LiveRoomOptions.Host());
        await using var guest = server.NewClient(o => o.AutoReconnect = false);
        await guest.LoginAsync("egd_guest", server.Sig("egd_guest"));
        var room = await guest.JoinRoomAsync(9823, LiveRoomOptions.Audience());
        var invited = Events.Next<CoHostEventArgs>(h => room.CoHostInvited += h);
        await hostRoom.InviteCoHostAsync("egd_guest");
        await invited;
        await room.AcceptCoHostInviteAsync();
        var channel = await hostRoom.StartPushStreamAsync(new PushStreamOption { Encode = StreamEncode.Hls, UserId = "egd_guest" });
        var left = Events.Next<MemberEventArgs>(h => hostRoom.MemberEvent += h, e => e.EventId == Core.Rooms.MemberEventId.Out);

        guest.SimulateNetworkLoss();

        // OUT is broadcast in the same grain turn that stopped the member's channels.
        Assert.Equal("egd_guest", (await left).Members[0].UserId);
        var roomKey = Server.Application.Rooms.RoomKeys.Validate(server.AppId, new Protocol.V1.RoomId { Number = 9823 }).GrainKey;
        Assert.Contains(egress.MembersStopped, s => s == (roomKey, "egd_guest", "the member left the room"));
        Assert.DoesNotContain(egress.Running(roomKey), info => info.ChannelId == channel.ChannelId);
    }

    [Fact]
    public async Task WithoutAnEgressHost_PushAndRecordAre8023_AndTheRoomIsUnaffected()
    {
        // A node without egress (none registered: the room grain takes no host).
        await using var server = await TestServer.StartWithServicesAsync(services => services.RemoveAll<IEgressHost>());
        await using var host = await server.LoggedInClientAsync("egn_host");
        var room = await host.CreateRoomAsync(9822, LiveRoomOptions.Host());

        var push = await Assert.ThrowsAsync<LiveException>(() => room.StartPushStreamAsync(new PushStreamOption { Encode = StreamEncode.Hls }));
        var record = await Assert.ThrowsAsync<LiveException>(() => room.StartRecordVideoAsync(new RecordOption()));

        Assert.Equal(("ILiveSDK", 8023), (push.Module, push.Code));
        Assert.Equal(("ILiveSDK", 8023), (record.Module, record.Code));
        Assert.Equal(["egn_host"], (await room.GetMembersAsync()).Select(m => m.UserId));
        await room.DismissAsync();
    }
}
