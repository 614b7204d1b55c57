using Microsoft.Extensions.DependencyInjection;
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
    public async Task WithoutAnEgressHost_PushAndRecordAre8023_AndTheRoomIsUnaffected()
    {
        await using var server = await TestServer.StartAsync();
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
