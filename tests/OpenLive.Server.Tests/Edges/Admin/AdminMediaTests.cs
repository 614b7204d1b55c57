using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using OpenLive.Core.Rooms;
using OpenLive.Rtc.Client;
using OpenLive.Sdk.Media;
using OpenLive.Sdk.Rooms;
using OpenLive.Testing;

namespace OpenLive.Server.Tests.Edges.Admin;

/// <summary>Per-member bitrates for the admin page (<c>GET …/rooms/{roomId}/media</c>), from the SFU's counters, with real media flowing.</summary>
public sealed class AdminMediaTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private TestServer Server => shared.Server;

    private HttpClient Admin()
    {
        var http = new HttpClient { BaseAddress = Server.Url };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Server.AdminKey);
        return http;
    }

    [Fact]
    public async Task APublishersAndAViewersBitrates_AreReportedPerMember()
    {
        var cancel = TestContext.Current.CancellationToken;
        using var http = Admin();
        await using var host = await Server.LoggedInClientAsync("am_host");
        var hostRoom = await host.CreateRoomAsync(47_001, LiveRoomOptions.Host());
        await using var viewer = await Server.LoggedInClientAsync("am_viewer");
        var room = await viewer.JoinRoomAsync(47_001, LiveRoomOptions.Audience());
        var hasCamera = Events.Next<MemberEventArgs>(h => room.MemberEvent += h, e => e.EventId == MemberEventId.HasCameraVideo);

        using var publisher = await hostRoom.PublishAsync(new LivePublishOptions { Audio = true, Camera = true }, cancel);
        using var sending = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        var camera = new SyntheticVideoSource(framesPerSecond: 30, bitrate: 500_000);
        var videoLoop = camera.RunAsync(publisher.Connection, publisher.Camera!, sending.Token);
        try
        {
            await hasCamera;
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
            JsonElement hostStats = default, viewerStats = default;
            while (true)
            {
                using var media = JsonDocument.Parse(await http.GetStringAsync($"/admin/v1/apps/{Server.AppId}/rooms/47001/media", cancel));
                var members = media.RootElement.EnumerateArray().ToDictionary(m => m.GetProperty("userId").GetString()!, m => m.Clone());
                hostStats = members["am_host"];
                viewerStats = members["am_viewer"];
                // The viewer's round trip needs one of its receiver reports answering a sender report of the SFU.
                if (hostStats.GetProperty("sendKbps").GetInt64() > 0 && viewerStats.GetProperty("receiveKbps").GetInt64() > 0
                    && viewerStats.TryGetProperty("roundTripMs", out var roundTrip) && roundTrip.ValueKind == JsonValueKind.Number)
                {
                    break;
                }

                Assert.True(DateTime.UtcNow < deadline, $"no bitrates in 20 s: {media.RootElement}");
                await Task.Delay(250, cancel);
            }

            var published = hostStats.GetProperty("tracks").EnumerateArray().Single(t => t.GetProperty("direction").GetString() == "publish" && t.GetProperty("source").GetString() == "camera");
            Assert.Equal("am_host", published.GetProperty("userId").GetString());
            Assert.True(published.GetProperty("bitrateKbps").GetInt64() > 0);
            Assert.True(published.GetProperty("packets").GetInt64() > 0);
            Assert.Equal(0, hostStats.GetProperty("receiveKbps").GetInt64());

            var received = viewerStats.GetProperty("tracks").EnumerateArray().Single(t => t.GetProperty("direction").GetString() == "subscribe" && t.GetProperty("source").GetString() == "camera");
            Assert.Equal("am_host", received.GetProperty("userId").GetString());
            Assert.True(received.GetProperty("bitrateKbps").GetInt64() > 0);
            Assert.Equal(0, viewerStats.GetProperty("sendKbps").GetInt64());

            // Loss (0..1) per leg from the receiver reports, and the viewer's round trip from its own.
            Assert.InRange(hostStats.GetProperty("upLoss").GetDouble(), 0, 1);
            Assert.InRange(viewerStats.GetProperty("downLoss").GetDouble(), 0, 1);
            Assert.InRange(received.GetProperty("fractionLost").GetDouble(), 0, 1);
            Assert.True(viewerStats.GetProperty("roundTripMs").GetDouble() > 0, $"{viewerStats}");
            Assert.True(received.GetProperty("jitterMs").GetDouble() >= 0);

            // The picture as the publisher sends it: the synthetic source's 640x360 (from its VP8 keyframes), and a frame rate.
            Assert.Equal((640, 360), (published.GetProperty("width").GetInt32(), published.GetProperty("height").GetInt32()));
            Assert.Equal((640, 360), (received.GetProperty("width").GetInt32(), received.GetProperty("height").GetInt32()));
            Assert.True(published.GetProperty("framesPerSecond").GetInt32() > 0, $"{published}");

            // Why a viewer gets the layer it gets: what its layers want (the camera flows, so something) and the
            // estimate they are fitted into (none on an unlimited loopback, or one); a member receiving nothing has neither.
            Assert.True(Number(viewerStats, "wantedKbps") > 0, $"{viewerStats}");
            Assert.True(Number(viewerStats, "availableKbps") is null or > 0, $"{viewerStats}");
            Assert.Null(Number(hostStats, "wantedKbps"));
            Assert.Null(Number(hostStats, "availableKbps"));
        }
        finally
        {
            await sending.CancelAsync();
            await videoLoop.ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private static long? Number(JsonElement member, string name) =>
        member.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt64() : null;

    [Fact]
    public async Task AMissingRoom_Is404_With10009()
    {
        using var http = Admin();
        using var response = await http.GetAsync($"/admin/v1/apps/{Server.AppId}/rooms/47999/media");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("10009", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
