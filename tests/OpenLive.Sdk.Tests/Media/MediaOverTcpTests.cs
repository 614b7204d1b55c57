using Microsoft.Extensions.DependencyInjection;
using OpenLive.Core.Errors;
using OpenLive.Rtc.Client;
using OpenLive.Rtc.Rtp;
using OpenLive.Sdk.Media;
using OpenLive.Sdk.Rooms;
using OpenLive.Sfu;
using OpenLive.Testing;

namespace OpenLive.Sdk.Tests.Media;

/// <summary>
/// <see cref="LiveClientOptions.MediaTransports"/> (issue 13, ICE over TCP): two SDK clients allowed only TCP publish
/// and play through the real server, both media connections on the SFU's TCP media port.
/// </summary>
public sealed class MediaOverTcpTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);
    private TestServer Server => shared.Server;

    private async Task<LiveClient> TcpOnlyClientAsync(string userId)
    {
        var client = Server.NewClient(o => o.MediaTransports = RtcIceTransports.Tcp);
        await client.LoginAsync(userId, Server.Sig(userId));
        return client;
    }

    [Fact]
    public async Task TcpOnlyClients_PublishAndPlay_ThroughTheRealServer_OverTheSfusTcpPort()
    {
        var cancel = TestContext.Current.CancellationToken;
        const uint RoomId = 9901;
        var sfu = Server.Services.GetRequiredService<SfuEngine>();
        await using var host = await TcpOnlyClientAsync("tcp_host");
        var hostRoom = await host.CreateRoomAsync(RoomId, LiveRoomOptions.Host());
        await using var viewer = await TcpOnlyClientAsync("tcp_viewer");
        var room = await viewer.JoinRoomAsync(RoomId, LiveRoomOptions.Audience());
        var packets = 0;
        var played = new TaskCompletionSource<RtcClientConnection>(TaskCreationOptions.RunContinuationsAsynchronously);
        room.RemoteTrackAdded += (_, e) =>
        {
            if (e.Source != MediaTrackSource.Camera)
            {
                return;
            }

            e.Connection.RtpReceived += (RtcTransceiver transceiver, in RtpHeader header, ReadOnlySpan<byte> packet) =>
            {
                if (ReferenceEquals(transceiver, e.Transceiver) && Interlocked.Increment(ref packets) == 60)
                {
                    played.TrySetResult(e.Connection);
                }
            };
        };

        using var publisher = await hostRoom.PublishAsync(new LivePublishOptions { Camera = true }, cancel);
        using var sending = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        var camera = new SyntheticVideoSource(framesPerSecond: 30, bitrate: 600_000).RunAsync(publisher.Connection, publisher.Camera!, sending.Token);
        RtcClientConnection subscriber;
        try
        {
            subscriber = await played.Task.WaitAsync(Deadline, cancel);
        }
        finally
        {
            await sending.CancelAsync();
            await camera;
        }

        Assert.Equal(sfu.TcpEndPoint, publisher.Connection.RemoteEndPoint);
        Assert.Equal(sfu.TcpEndPoint, subscriber.RemoteEndPoint);
        Assert.Equal(0, publisher.Connection.DatagramsReceived);
        Assert.Equal(0, subscriber.DatagramsReceived);
    }

    [Fact]
    public async Task ATcpOnlyClient_AgainstAServerWithoutTcpMedia_PublishFailsWith8012()
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var udpOnly = await TestServer.StartAsync(null, "--OpenLive:Media:TcpEnabled=false");
        await using var host = udpOnly.NewClient(o => o.MediaTransports = RtcIceTransports.Tcp);
        await host.LoginAsync("tcp_nowhere", udpOnly.Sig("tcp_nowhere"));
        var room = await host.CreateRoomAsync(9902, LiveRoomOptions.Host());

        // The answer offers UDP candidates only: the client's ICE-TCP has nothing to connect to and fails at once.
        var failure = await Assert.ThrowsAsync<LiveException>(() => room.PublishAsync(new LivePublishOptions { Camera = true }, cancel));
        Assert.True(failure.Is(ILiveErrorCode.NetUndefine), failure.ToString());
        Assert.IsType<RtcConnectionException>(failure.InnerException);
    }
}
