using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using OpenLive.Core.Errors;
using OpenLive.Sdk;
using OpenLive.Sdk.Im;
using OpenLive.Sdk.Rooms;
using OpenLive.Testing;

namespace OpenLive.Server.Tests.Edges.Admin;

/// <summary>Operating an app through the admin API, observed by real SDK clients.</summary>
public sealed class AdminOperationsTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private TestServer Server => shared.Server;

    private HttpClient Admin()
    {
        var http = new HttpClient { BaseAddress = Server.Url };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Server.AdminKey);
        return http;
    }

    private string Base => $"/admin/v1/apps/{Server.AppId}";

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + Events.Timeout;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not reached in time");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task OnlineUsers_AndKick()
    {
        using var http = Admin();
        await using var user = await Server.LoggedInClientAsync("adm_online");
        await WaitUntilAsync(async () => (await http.GetFromJsonAsync<string[]>($"{Base}/users/online"))!.Contains("adm_online"));

        var kicked = Events.Next<ForcedOfflineEventArgs>(h => user.ForcedOffline += h);
        using var kick = await http.PostAsJsonAsync($"{Base}/users/adm_online/kick", new { reason = "maintenance" });
        Assert.Equal(HttpStatusCode.NoContent, kick.StatusCode);
        var reason = (await kicked).Reason;
        Assert.Equal(8050, reason.Code);
        Assert.Contains("kicked by an administrator: maintenance", reason.Message, StringComparison.Ordinal);
        await WaitUntilAsync(async () => !(await http.GetFromJsonAsync<string[]>($"{Base}/users/online"))!.Contains("adm_online"));

        using var again = await http.PostAsJsonAsync($"{Base}/users/adm_online/kick", new { });
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
    }

    [Fact]
    public async Task Rooms_AreListed_AndCanBeDismissed()
    {
        using var http = Admin();
        await using var host = await Server.LoggedInClientAsync("adm_host");
        await using var viewer = await Server.LoggedInClientAsync("adm_viewer");
        await host.CreateRoomAsync(9601, LiveRoomOptions.Host());
        var room = await viewer.JoinRoomAsync(9601, LiveRoomOptions.Audience());

        await WaitUntilAsync(async () => (await http.GetStringAsync($"{Base}/rooms")).Contains("\"9601\"", StringComparison.Ordinal));
        using var one = JsonDocument.Parse(await http.GetStringAsync($"{Base}/rooms/9601"));
        Assert.Equal("adm_host", one.RootElement.GetProperty("owner").GetString());
        Assert.Equal(["adm_host", "adm_viewer"], one.RootElement.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("userId").GetString()).Order());
        // tinyIds are 64-bit: as JSON numbers above 2^53 JavaScript and jq would round them, so they go out as strings.
        var hostMember = one.RootElement.GetProperty("members").EnumerateArray().Single(m => m.GetProperty("userId").GetString() == "adm_host");
        Assert.Equal(JsonValueKind.String, hostMember.GetProperty("tinyId").ValueKind);
        Assert.Equal(host.TinyId.ToString(System.Globalization.CultureInfo.InvariantCulture), hostMember.GetProperty("tinyId").GetString());

        var ended = Events.Next<RoomEndedEventArgs>(h => room.Ended += h);
        using var dismiss = await http.DeleteAsync($"{Base}/rooms/9601");
        Assert.Equal(HttpStatusCode.NoContent, dismiss.StatusCode);
        Assert.True((await ended).Dismissed);
        using var gone = await http.GetAsync($"{Base}/rooms/9601");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Contains("10009", await gone.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SystemMessages_ToAUserAndToARoom_AreDeliveredAndStored()
    {
        using var http = Admin();
        await using var user = await Server.LoggedInClientAsync("adm_reader");
        var toUser = Events.Next<MessageReceivedEventArgs>(h => user.MessageReceived += h);
        using var c2c = await http.PostAsJsonAsync($"{Base}/messages", new { toUser = "adm_reader", text = "welcome" });
        Assert.Equal(HttpStatusCode.Created, c2c.StatusCode);
        var message = (await toUser).Message;
        Assert.Equal(("administrator", "welcome"), (message.Sender, message.Text));

        using var history = JsonDocument.Parse(await http.GetStringAsync($"{Base}/messages?user=administrator&peer=adm_reader"));
        Assert.Equal("welcome", history.RootElement[0].GetProperty("text").GetString());

        await using var host = await Server.LoggedInClientAsync("adm_showhost");
        var hostRoom = await host.CreateRoomAsync(9602, LiveRoomOptions.Host());
        var inRoom = Events.Next<MessageReceivedEventArgs>(h => hostRoom.MessageReceived += h);
        using var group = await http.PostAsJsonAsync($"{Base}/messages", new { toGroup = "9602", text = "the show starts" });
        Assert.Equal(HttpStatusCode.Created, group.StatusCode);
        Assert.Equal("the show starts", (await inRoom).Message.Text);
        Assert.Equal(["the show starts"], (await hostRoom.GetMessagesAsync()).Select(m => m.Text));
    }

    [Fact]
    public async Task BadRequests_AreExplained()
    {
        using var http = Admin();
        using var neither = await http.PostAsJsonAsync($"{Base}/messages", new { text = "to nobody" });
        Assert.Equal(HttpStatusCode.BadRequest, neither.StatusCode);
        Assert.Contains("8021", await neither.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var unknownUser = await http.PostAsJsonAsync($"{Base}/messages", new { toUser = "never_seen", text = "x" });
        Assert.Equal(HttpStatusCode.NotFound, unknownUser.StatusCode);
        using var noRoom = await http.PostAsJsonAsync($"{Base}/messages", new { toGroup = "no-such-room", text = "x" });
        Assert.Equal(HttpStatusCode.NotFound, noRoom.StatusCode);
        using var history = await http.GetAsync($"{Base}/messages");
        Assert.Equal(HttpStatusCode.BadRequest, history.StatusCode);

        // Room ids the signaling API refuses are refused here too, with the same code (10002), not a server error.
        var tooLong = new string('r', 65);
        using var badRoom = await http.GetAsync($"{Base}/rooms/{tooLong}");
        Assert.Equal(HttpStatusCode.BadRequest, badRoom.StatusCode);
        Assert.Contains("10002", await badRoom.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var badGroup = await http.PostAsJsonAsync($"{Base}/messages", new { toGroup = "two words", text = "x" });
        Assert.Equal(HttpStatusCode.BadRequest, badGroup.StatusCode);
    }

    [Fact]
    public async Task NobodyLogsInAsAdministrator()
    {
        await using var client = Server.NewClient();
        var e = await Assert.ThrowsAsync<LiveException>(() => client.LoginAsync("administrator", Server.Sig("administrator")));
        Assert.True(e.Is(ILiveErrorCode.InvalidParam));
    }
}
