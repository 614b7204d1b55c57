using OpenLive.Core.Rooms;
using OpenLive.Sdk.Rooms;
using OpenLive.Testing;

namespace OpenLive.Sdk.Tests;

/// <summary>Two server nodes in one cluster (Redis membership, mutual TLS with the cluster's CA): users and rooms span nodes.</summary>
public sealed class ClusterTests : IAsyncLifetime
{
    private RedisServer _redis = null!;
    private PostgresServer _postgres = null!;
    private ClusterCertificates _certificates = null!;
    private TestServer _nodeA = null!;
    private TestServer _nodeB = null!;

    public async ValueTask InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        _postgres = await PostgresServer.StartAsync(); // a cluster's one message store
        _certificates = ClusterCertificates.Create();
        var cluster = "test-" + Guid.NewGuid().ToString("N")[..8];
        string[] args = ["--cluster", "redis", "--cluster-connection", _redis.ConnectionString, $"--OpenLive:Cluster:ClusterId={cluster}",
            "--OpenLive:Store:Messages=postgres", $"--OpenLive:Store:PostgresConnectionString={_postgres.ConnectionString}"];
        // Each node has its own data directory and certificate, as on separate machines: apps and tinyIds are shared
        // through Redis, grain calls go over TLS.
        _nodeA = await TestServer.StartAsync(null, [.. args, .. _certificates.NodeArgs("node-a")]);
        _nodeB = await TestServer.StartAsync(null, [.. args, .. _certificates.NodeArgs("node-b")]);
    }

    public ValueTask DisposeAsync() => Teardown.StopAsync(_nodeB, _nodeA, _certificates, _redis, _postgres);

    [Fact]
    public async Task LoginOnNodeB_KicksTheSessionOnNodeA()
    {
        await using var onA = _nodeA.NewClient();
        await onA.LoginAsync("roamer", _nodeA.Sig("roamer"));
        var tinyIdOnA = onA.TinyId;
        var kicked = Events.Next<ForcedOfflineEventArgs>(h => onA.ForcedOffline += h);

        await using var onB = _nodeB.NewClient();
        await onB.LoginAsync("roamer", _nodeB.Sig("roamer"));

        Assert.Equal(8050, (await kicked).Reason.Code);
        Assert.True(onB.IsLoggedIn);
        Assert.Equal(tinyIdOnA, onB.TinyId); // one user, one tinyId, whichever node it logs in to
    }

    [Fact]
    public async Task AppCreatedOnNodeA_LogsInOnNodeB()
    {
        var store = (OpenLive.Server.Storage.IAppStore)_nodeA.Services.GetService(typeof(OpenLive.Server.Storage.IAppStore))!;
        Assert.True(store.TryCreate(1400000555, "cluster-key", "cluster app", requirePrivateMapKey: false, out _));
        await using var client = new LiveClient(new LiveClientOptions { ServerUrl = _nodeB.Url, SdkAppId = 1400000555 });
        await client.LoginAsync("cluster_user", new Core.Auth.UserSigGenerator(1400000555, "cluster-key").GenUserSig("cluster_user"));
        Assert.True(client.IsLoggedIn);
    }

    [Fact]
    public async Task MembersOnDifferentNodes_SeeEachOthersEvents()
    {
        await using var host = _nodeA.NewClient();
        await host.LoginAsync("x_host", _nodeA.Sig("x_host"));
        await using var viewer = _nodeB.NewClient();
        await viewer.LoginAsync("x_viewer", _nodeB.Sig("x_viewer"));

        var hostRoom = await host.CreateRoomAsync(777, LiveRoomOptions.Host());
        var joined = Events.Next<MemberEventArgs>(h => hostRoom.MemberEvent += h, e => e.EventId == MemberEventId.In);
        var room = await viewer.JoinRoomAsync(777, LiveRoomOptions.Audience());
        Assert.Equal(["x_host", "x_viewer"], room.Members.Select(m => m.UserId).Order());
        Assert.Equal("x_viewer", (await joined).Members[0].UserId);

        // The owner's co-host invitation crosses nodes, and so does the role change it leads to.
        var invited = Events.Next<CoHostEventArgs>(h => room.CoHostInvited += h);
        var updated = Events.Next<MemberUpdatedEventArgs>(h => hostRoom.MemberUpdated += h);
        await hostRoom.InviteCoHostAsync("x_viewer");
        Assert.Equal("x_host", (await invited).UserId);
        await room.AcceptCoHostInviteAsync();
        Assert.Equal("LiveGuest", (await updated).Member.ControlRole);

        var chat = Events.Next<Sdk.Im.MessageReceivedEventArgs>(h => hostRoom.MessageReceived += h);
        await room.SendMessageAsync(Sdk.Im.LiveMessage.Text("from node B")); // room messages cross nodes too
        Assert.Equal("from node B", (await chat).Message.Text);

        var ended = Events.Next<RoomEndedEventArgs>(h => room.Ended += h);
        await hostRoom.DismissAsync();
        Assert.True((await ended).Dismissed);
    }
}
