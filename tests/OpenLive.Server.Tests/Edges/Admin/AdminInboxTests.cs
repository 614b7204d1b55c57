using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using OpenLive.Core.Errors;
using OpenLive.Sdk.Im;
using OpenLive.Testing;

namespace OpenLive.Server.Tests.Edges.Admin;

/// <summary>Clearing a user's offline inbox through the admin API (a flooded inbox, a user who must start afresh).</summary>
public sealed class AdminInboxTests
{
    [Fact]
    public async Task ClearingAFullInbox_LetsSendersThroughAgain_AndDropsTheUndeliveredMessages()
    {
        await using var server = await TestServer.StartAsync(null, "--OpenLive:MaxInboxMessages=3");
        await (await server.LoggedInClientAsync("adm_inbox_bob")).DisposeAsync();
        await using var alice = await server.LoggedInClientAsync("adm_inbox_alice");
        for (var i = 0; i < 3; i++)
        {
            await alice.SendC2CMessageAsync("adm_inbox_bob", LiveMessage.Text($"old{i}"));
        }

        var full = await Assert.ThrowsAsync<LiveException>(() => alice.SendC2CMessageAsync("adm_inbox_bob", LiveMessage.Text("refused")));
        Assert.Equal((int)ILiveErrorCode.BusyHere, full.Code);

        var path = $"/admin/v1/apps/{server.AppId}/users/adm_inbox_bob/inbox";
        using var anonymous = new HttpClient { BaseAddress = server.Url };
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.DeleteAsync(path)).StatusCode);

        using var http = new HttpClient { BaseAddress = server.Url };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", server.AdminKey);
        using var cleared = await http.DeleteAsync(path);
        Assert.Equal(HttpStatusCode.OK, cleared.StatusCode);
        using (var body = JsonDocument.Parse(await cleared.Content.ReadAsStringAsync()))
        {
            Assert.Equal(3, body.RootElement.GetProperty("cleared").GetInt64());
        }

        await alice.SendC2CMessageAsync("adm_inbox_bob", LiveMessage.Text("new"));
        var received = new ConcurrentQueue<string>();
        await using var bob = server.NewClient();
        var first = Events.Next<MessageReceivedEventArgs>(h => bob.MessageReceived += h);
        bob.MessageReceived += (_, e) => received.Enqueue(e.Message.Text);
        await bob.LoginAsync("adm_inbox_bob", server.Sig("adm_inbox_bob"));
        Assert.Equal("new", (await first).Message.Text);
        await bob.GetUnreadCountsAsync(); // answered after anything pushed at login
        Assert.Equal(["new"], received);

        // The history stays (clearing the inbox only drops the pending deliveries).
        Assert.Equal(4, (await bob.GetMessagesAsync(ConversationRef.WithUser("adm_inbox_alice"))).Count);

        using var unknown = await http.DeleteAsync($"/admin/v1/apps/{server.AppId}/users/nobody_ever/inbox");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }
}
