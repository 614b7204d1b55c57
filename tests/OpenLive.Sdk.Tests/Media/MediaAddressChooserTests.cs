using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using OpenLive.Core.Errors;
using OpenLive.Rtc.Client;
using OpenLive.Sdk.Media;
using OpenLive.Sdk.Rooms;
using OpenLive.Testing;

namespace OpenLive.Sdk.Tests.Media;

/// <summary>
/// Which local address the room's media connections bind (<see cref="LiveClientOptions.MediaLocalAddress"/>): the
/// configured one, else the route's source address to the server, loopback for a server on this machine.
/// </summary>
public sealed class MediaAddressChooserTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private TestServer Server => shared.Server;

    [Theory]
    [InlineData("http://127.0.0.1:7880")]
    [InlineData("http://localhost:7880")]
    [InlineData("http://[::1]:7880")]
    [InlineData("ws://127.0.0.5")]
    public async Task ALoopbackServer_GetsLoopback(string server) =>
        Assert.Equal(IPAddress.Loopback, await MediaAddressChooser.ChooseAsync(null, new Uri(server), TestContext.Current.CancellationToken));

    [Fact]
    public async Task AConfiguredAddress_Wins_WhateverTheServer()
    {
        var configured = IPAddress.Parse("192.0.2.7");
        Assert.Same(configured, await MediaAddressChooser.ChooseAsync(configured, new Uri("http://127.0.0.1:7880"), TestContext.Current.CancellationToken));
        Assert.Same(configured, await MediaAddressChooser.ChooseAsync(configured, new Uri("http://198.51.100.1:7880"), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task AServerAtOneOfThisMachinesOtherAddresses_GetsThatAddress_TheSourceOfTheRouteToIt()
    {
        // Every non-loopback IPv4 address of this machine's interfaces that are up: the route to it leaves from it.
        var local = NetworkInterface.GetAllNetworkInterfaces()
            .Where(i => i.OperationalStatus == OperationalStatus.Up)
            .SelectMany(i => i.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .Where(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a))
            .ToList();
        foreach (var address in local)
        {
            Assert.Equal(address, await MediaAddressChooser.ChooseAsync(null, new Uri($"http://{address}:7880"), TestContext.Current.CancellationToken));
        }

        // The route choice itself, where every machine has one: a loopback destination leaves from a loopback address.
        Assert.True(IPAddress.IsLoopback(MediaAddressChooser.RouteSource(IPAddress.Parse("127.0.0.9"), 7880)!));
    }

    [Fact]
    public async Task AnUnresolvableServerName_FallsBackToLoopback() =>
        Assert.Equal(IPAddress.Loopback, await MediaAddressChooser.ChooseAsync(null, new Uri("http://no-such-host.invalid:7880"), TestContext.Current.CancellationToken));

    [Fact]
    public async Task AWildcard_IsRefusedWith8021()
    {
        foreach (var wildcard in new[] { IPAddress.Any, IPAddress.IPv6Any })
        {
            var refused = Assert.Throws<LiveException>(() => Server.NewClient(o => o.MediaLocalAddress = wildcard));
            Assert.Equal(("ILiveSDK", 8021), (refused.Module, refused.Code));
        }

        await using var client = Server.NewClient(o => o.MediaLocalAddress = IPAddress.Loopback);
        Assert.False(client.IsLoggedIn);
    }

    [Fact]
    public async Task BothMediaConnections_BindTheConfiguredAddress_AndMediaFlows_AndAPublishsOwnAddressWins()
    {
        // 127.0.0.0/8 is all this machine's: 127.0.0.2 and 127.0.0.3 stand for other interfaces of the clients' machines.
        var cancel = TestContext.Current.CancellationToken;
        const uint RoomId = 9591;
        var hostAddress = IPAddress.Parse("127.0.0.2");
        var viewerAddress = IPAddress.Parse("127.0.0.3");
        await using var host = Server.NewClient(o => o.MediaLocalAddress = hostAddress);
        await host.LoginAsync("ma_host", Server.Sig("ma_host"));
        var hostRoom = await host.CreateRoomAsync(RoomId, LiveRoomOptions.Host());
        await using var viewer = Server.NewClient(o => o.MediaLocalAddress = viewerAddress);
        await viewer.LoginAsync("ma_viewer", Server.Sig("ma_viewer"));
        var room = await viewer.JoinRoomAsync(RoomId, LiveRoomOptions.Audience());
        RtcTransceiver? camera = null;
        room.RemoteTrackAdded += (_, e) => camera = e.Source == MediaTrackSource.Camera ? e.Transceiver : camera;

        using var publisher = await hostRoom.PublishAsync(new LivePublishOptions { Camera = true }, cancel);
        Assert.Equal(hostAddress, publisher.Connection.LocalEndPoint.Address);
        using var sending = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        var video = new SyntheticVideoSource(framesPerSecond: 30, bitrate: 300_000).RunAsync(publisher.Connection, publisher.Camera!, sending.Token);
        await LoginTests.WaitUntil(() => camera is { FramesReceived: > 10 });
        Assert.Equal(viewerAddress, room.Subscriber!.LocalEndPoint.Address);

        // A publish's own address wins over the client's for that publisher (another host: a second publish of one
        // member replaces its first).
        await using var other = Server.NewClient(o => o.MediaLocalAddress = viewerAddress);
        await other.LoginAsync("ma_other", Server.Sig("ma_other"));
        var otherRoom = await other.CreateRoomAsync(RoomId + 1, LiveRoomOptions.Host());
        using var own = await otherRoom.PublishAsync(new LivePublishOptions { Audio = true, LocalAddress = IPAddress.Loopback }, cancel);
        Assert.Equal(IPAddress.Loopback, own.Connection.LocalEndPoint.Address);

        await sending.CancelAsync();
        await video;
    }
}
