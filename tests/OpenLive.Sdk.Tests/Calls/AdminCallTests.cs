using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using OpenLive.Sdk.Calls;
using OpenLive.Testing;

namespace OpenLive.Sdk.Tests.Calls;

/// <summary>The admin API's calls: listed while they go on (who, states, duration), and ended by the server with code 6.</summary>
public sealed class AdminCallTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private TestServer Server => shared.Server;

    [Fact]
    public async Task Calls_AreListedWithTheirMembersStates_AndTheServerCanEndOne_WithCode6()
    {
        await using var alice = await Server.LoggedInClientAsync("ac1_alice");
        await using var bob = await Server.LoggedInClientAsync("ac1_bob");
        await using var carol = await Server.LoggedInClientAsync("ac1_carol");
        var ringing = Events.Next<IncomingCallEventArgs>(h => bob.IncomingCall += h);
        var call = await alice.MakeGroupCallAsync(["ac1_bob", "ac1_carol"], new LiveCallOptions { Type = LiveCallType.Audio, RingTimeout = TimeSpan.FromSeconds(60) });
        await bob.AcceptCallAsync((await ringing).Invitation.CallId);
        using var http = new HttpClient { BaseAddress = Server.Url };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Server.AdminKey);

        using var list = JsonDocument.Parse(await http.GetStringAsync($"/admin/v1/apps/{Server.AppId}/calls"));
        var listed = list.RootElement.EnumerateArray().Single(c => c.GetProperty("callId").GetString() == call.CallId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(("audio", "ac1_alice", true), (listed.GetProperty("kind").GetString(), listed.GetProperty("sponsor").GetString(), listed.GetProperty("group").GetBoolean()));
        var states = listed.GetProperty("members").EnumerateArray().ToDictionary(m => m.GetProperty("userId").GetString()!, m => m.GetProperty("state").GetString());
        Assert.Equal(new Dictionary<string, string?> { ["ac1_alice"] = "inCall", ["ac1_bob"] = "inCall", ["ac1_carol"] = "ringing" }, states);
        Assert.True(listed.GetProperty("durationSeconds").GetInt64() >= 0);

        var aliceEnd = Events.Next<LiveCallEndedEventArgs>(h => alice.CallEnded += h);
        var bobEnd = Events.Next<LiveCallEndedEventArgs>(h => bob.CallEnded += h);
        var carolEnd = Events.Next<LiveCallEndedEventArgs>(h => carol.CallEnded += h);
        using (var ended = await http.DeleteAsync($"/admin/v1/apps/{Server.AppId}/calls/{call.CallId}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, ended.StatusCode);
        }

        Assert.Equal(LiveCallEndCode.Disconnect, (await aliceEnd).Code);
        Assert.Equal(LiveCallEndCode.Disconnect, (await bobEnd).Code);
        Assert.Equal(LiveCallEndCode.Disconnect, (await carolEnd).Code); // her invitation stopped ringing
        using (var again = await http.DeleteAsync($"/admin/v1/apps/{Server.AppId}/calls/{call.CallId}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        }

        using var after = JsonDocument.Parse(await http.GetStringAsync($"/admin/v1/apps/{Server.AppId}/calls"));
        Assert.DoesNotContain(after.RootElement.EnumerateArray(), c => c.GetProperty("callId").GetString() == call.CallId.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
