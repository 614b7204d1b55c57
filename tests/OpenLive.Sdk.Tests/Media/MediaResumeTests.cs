using OpenLive.Core.Rooms;
using OpenLive.Protocol.V1;
using OpenLive.Rtc.Client;
using OpenLive.Sdk.Media;
using OpenLive.Sdk.Rooms;
using OpenLive.Testing;

namespace OpenLive.Sdk.Tests.Media;

/// <summary>
/// A member whose signaling connection drops keeps its media connections; but a subscriber offer pushed just before the
/// drop (or while the seat was parked) is lost with the old connection, and the SFU waits for its answer before it
/// offers anything else. The resuming login must get that offer again, after the login's answer.
/// </summary>
public sealed class MediaResumeTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private TestServer Server => shared.Server;

    [Fact]
    public async Task AnUnansweredSubscriberOffer_IsSentAgain_ToTheResumedSession_AfterTheLoginAnswer()
    {
        var cancel = TestContext.Current.CancellationToken;
        await using var host = await Server.LoggedInClientAsync("mr_host");
        var hostRoom = await host.CreateRoomAsync(9601, LiveRoomOptions.Host());
        using var publisher = await hostRoom.PublishAsync(new LivePublishOptions { Camera = true }, cancel);
        using var sending = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        var camera = new SyntheticVideoSource(framesPerSecond: 15, bitrate: 200_000);
        var loop = camera.RunAsync(publisher.Connection, publisher.Camera!, sending.Token);

        // A viewer (raw socket) that auto-receives the host's camera and never answers the offer.
        var first = await RawSocket.ConnectAsync(Server.Url);
        await first.SendAsync(new ClientFrame { RequestId = 1, Login = new Login { SdkAppId = Server.AppId, UserId = "mr_viewer", UserSig = Server.Sig("mr_viewer") } });
        var login = (await first.ReceiveAsync())!;
        Assert.Equal(ServerFrame.BodyOneofCase.Login, login.BodyCase);
        await first.SendAsync(new ClientFrame
        {
            RequestId = 2,
            JoinRoom = new JoinRoom { RoomId = new RoomId { Number = 9601 }, Options = new RoomOptions { ControlRole = "Guest", AutoRequestCamera = true } },
        });
        var offer = await NextOfferAsync(first, expectAnswerTo: 2);
        Assert.Contains(offer.Tracks, t => t.UserId == "mr_host" && t.Source == MediaSource.Camera);

        first.Abort(); // the network fails: the seat is parked, the offer stays unanswered
        await using var second = await RawSocket.ConnectAsync(Server.Url);
        await second.SendAsync(new ClientFrame
        {
            RequestId = 1,
            Login = new Login { SdkAppId = Server.AppId, UserId = "mr_viewer", UserSig = Server.Sig("mr_viewer"), ResumeToken = login.Login.ResumeToken },
        });
        var again = await NextOfferAsync(second, expectAnswerTo: 1, resumed: true);

        Assert.Equal(offer.Revision, again.Revision);
        Assert.Equal(offer.Sdp, again.Sdp);
        Assert.Equal(offer.Tracks, again.Tracks);
        await first.DisposeAsync();
        await sending.CancelAsync();
        await loop.ContinueWith(_ => { }, TaskScheduler.Default);
    }

    /// <summary>Reads the answer to <paramref name="expectAnswerTo"/>, which must come first, then frames up to the next subscriber offer.</summary>
    private static async Task<SubscriberOffer> NextOfferAsync(RawSocket socket, ulong expectAnswerTo, bool resumed = false)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var answer = await socket.ReceiveAsync().WaitAsync(limit.Token);
        Assert.NotNull(answer);
        Assert.Equal(expectAnswerTo, answer.RequestId);
        if (resumed)
        {
            Assert.Equal(ServerFrame.BodyOneofCase.Login, answer.BodyCase);
            Assert.True(answer.Login.Resumed);
            Assert.Equal(9601u, answer.Login.Room.RoomId.Number);
        }

        while (true)
        {
            var frame = await socket.ReceiveAsync().WaitAsync(limit.Token);
            Assert.NotNull(frame);
            if (frame.BodyCase == ServerFrame.BodyOneofCase.SubscriberOffer)
            {
                return frame.SubscriberOffer;
            }
        }
    }
}
