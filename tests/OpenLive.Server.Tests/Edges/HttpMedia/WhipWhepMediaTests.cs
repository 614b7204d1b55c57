using System.Text.Json;
using OpenLive.Core.Rooms;
using OpenLive.Sdk.Rooms;
using OpenLive.Testing;

namespace OpenLive.Server.Tests.Edges.HttpMedia;

/// <summary>
/// Media through WHIP and WHEP end to end: libwebrtc in Node (<c>@roamhq/wrtc</c>) publishes frames and a tone into a
/// room through the SFU and plays them back from it, while an SDK host in the room sees the members and their media.
/// </summary>
public sealed class WhipWhepMediaTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private TestServer Server => shared.Server;

    [Fact]
    public async Task WrtcPublishesThroughWhip_AndPlaysThroughWhep()
    {
        const uint Room = 73001;
        await using var host = await Server.LoggedInClientAsync("wm_host");
        var live = await host.CreateRoomAsync(Room, LiveRoomOptions.Host());
        var seen = new List<(MemberEventId Event, string User)>();
        live.MemberEvent += (_, e) =>
        {
            lock (seen)
            {
                seen.AddRange(e.Members.Select(m => (e.EventId, m.UserId)));
            }
        };
        var publisherOut = Events.Next<MemberEventArgs>(h => live.MemberEvent += h, e => e.EventId == MemberEventId.Out && e.Members[0].UserId == "wm_pub");

        var output = await Task.Run(() => NodeScript.Run("whip-whep-flow.cjs",
            Server.Url.ToString(), Server.AppId.ToString(System.Globalization.CultureInfo.InvariantCulture), Room.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "wm_pub", Server.Sig("wm_pub"), "wm_viewer", Server.Sig("wm_viewer"), WhipTests.CoHostKey(Server, "wm_pub", Room)), TestContext.Current.CancellationToken);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        var received = root.GetProperty("received");
        Assert.True(received.GetProperty("videoTrack").GetBoolean() && received.GetProperty("audioTrack").GetBoolean(), output);
        Assert.True(received.GetProperty("frames").GetInt32() >= 10, output);
        Assert.Equal((320, 240), (received.GetProperty("width").GetInt32(), received.GetProperty("height").GetInt32()));
        Assert.True(received.GetProperty("audioPackets").GetInt32() > 0, output);
        var deletes = root.GetProperty("deletes");
        Assert.Equal((200, 200, 404), (deletes.GetProperty("whep").GetInt32(), deletes.GetProperty("whip").GetInt32(), deletes.GetProperty("again").GetInt32()));

        await publisherOut;
        lock (seen)
        {
            Assert.Contains((MemberEventId.In, "wm_pub"), seen);
            Assert.Contains((MemberEventId.HasCameraVideo, "wm_pub"), seen);
            Assert.Contains((MemberEventId.HasAudio, "wm_pub"), seen);
            Assert.Contains((MemberEventId.In, "wm_viewer"), seen);
            Assert.Contains((MemberEventId.Out, "wm_viewer"), seen);
        }

        Assert.Equal(["wm_host"], (await live.GetMembersAsync()).Select(m => m.UserId));
    }
}
