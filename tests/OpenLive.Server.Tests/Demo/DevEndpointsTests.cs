using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using OpenLive.Core.Auth;
using OpenLive.Sdk.Rooms;
using OpenLive.Testing;

namespace OpenLive.Server.Tests.Demo;

/// <summary>The demo's dev backend: dev userSigs for the sign-in, the live shows and their titles; absent outside dev mode.</summary>
public sealed class DevEndpointsTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private TestServer Server => shared.Server;

    private HttpClient Http() => new() { BaseAddress = Server.Url };

    private static async Task AssertErrorAsync(HttpResponseMessage response, HttpStatusCode status, string module, int code)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{response.StatusCode}: {text}");
        using var body = JsonDocument.Parse(text);
        Assert.Equal(module, body.RootElement.GetProperty("module").GetString());
        Assert.Equal(code, body.RootElement.GetProperty("code").GetInt32());
        Assert.StartsWith($"{module} {code}", body.RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AUserSig_IsIssuedForTheDevApp_AndLogsIn()
    {
        using var http = Http();
        using var response = await http.PostAsJsonAsync("/dev/v1/usersig", new { userId = "dev_alice" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = body.RootElement;
        Assert.Equal(Server.AppId, root.GetProperty("sdkAppId").GetUInt32());
        Assert.Equal("dev_alice", root.GetProperty("userId").GetString());
        Assert.Equal(86400, root.GetProperty("expireSeconds").GetInt32());
        var sig = root.GetProperty("userSig").GetString()!;
        Assert.True(new UserSigVerifier(Server.AppId, Server.Key).Verify("dev_alice", sig).IsValid);

        await using var client = Server.NewClient();
        await client.LoginAsync("dev_alice", sig);
        Assert.True(client.TinyId > 0);
    }

    [Theory]
    [InlineData("{\"userId\":\"\"}")]
    [InlineData("{\"userId\":\"two words\"}")]
    [InlineData("{\"userId\":\"a/b\"}")]
    [InlineData("{\"userId\":\"0123456789012345678901234567890123\"}")]
    [InlineData("{\"userId\":\"administrator\"}")]
    [InlineData("{}")]
    [InlineData("not json")]
    public async Task AnInvalidUserId_Is8021(string json)
    {
        using var http = Http();
        using var response = await http.PostAsync("/dev/v1/usersig", new StringContent(json, Encoding.UTF8, "application/json"));
        await AssertErrorAsync(response, HttpStatusCode.BadRequest, "ILiveSDK", 8021);
    }

    [Fact]
    public async Task TheLobby_ListsShows_WithTheTitleTheirOwnerGave()
    {
        using var http = Http();
        await using var host = await Server.LoggedInClientAsync("dev_host");
        await using var viewer = await Server.LoggedInClientAsync("dev_viewer");
        var room = await host.CreateRoomAsync(48_001, LiveRoomOptions.Host());
        await viewer.JoinRoomAsync(48_001, LiveRoomOptions.Audience());

        using var title = Put("/dev/v1/rooms/48001", "dev_host", Server.Sig("dev_host"), "Sunday cooking");
        using (var titled = await http.SendAsync(title))
        {
            Assert.Equal(HttpStatusCode.NoContent, titled.StatusCode);
        }

        using var list = JsonDocument.Parse(await http.GetStringAsync("/dev/v1/rooms"));
        var show = list.RootElement.EnumerateArray().Single(s => s.GetProperty("roomId").GetString() == "48001");
        Assert.True(show.GetProperty("isNumeric").GetBoolean());
        Assert.Equal("Sunday cooking", show.GetProperty("title").GetString());
        Assert.Equal("dev_host", show.GetProperty("owner").GetString());
        Assert.Equal(2, show.GetProperty("members").GetInt32());
        Assert.False(show.GetProperty("onAir").GetBoolean()); // no camera yet

        await room.DismissAsync();
        using var after = JsonDocument.Parse(await http.GetStringAsync("/dev/v1/rooms"));
        Assert.DoesNotContain(after.RootElement.EnumerateArray(), s => s.GetProperty("roomId").GetString() == "48001");
    }

    [Fact]
    public async Task OnlyTheOwner_WithItsUserSig_TitlesAShow()
    {
        using var http = Http();
        await using var host = await Server.LoggedInClientAsync("dev_owner");
        await using var viewer = await Server.LoggedInClientAsync("dev_guest");
        await host.CreateRoomAsync(48_002, LiveRoomOptions.Host());
        await viewer.JoinRoomAsync(48_002, LiveRoomOptions.Audience());

        using (var notOwner = await http.SendAsync(Put("/dev/v1/rooms/48002", "dev_guest", Server.Sig("dev_guest"), "mine now")))
        {
            await AssertErrorAsync(notOwner, HttpStatusCode.Forbidden, "AVSDK", 10003);
        }

        using (var forged = await http.SendAsync(Put("/dev/v1/rooms/48002", "dev_owner", Server.Sig("dev_guest"), "forged")))
        {
            // Another user's ticket: TLSSDK 13 (identifier mismatch), as a login would answer.
            await AssertErrorAsync(forged, HttpStatusCode.Unauthorized, "TLSSDK", UserSigErrors.IdentifierMismatch);
        }

        using (var noSig = await http.SendAsync(Put("/dev/v1/rooms/48002", "dev_owner", null, "no ticket")))
        {
            await AssertErrorAsync(noSig, HttpStatusCode.BadRequest, "ILiveSDK", 8021);
        }

        using (var blank = await http.SendAsync(Put("/dev/v1/rooms/48002", "dev_owner", Server.Sig("dev_owner"), "   ")))
        {
            await AssertErrorAsync(blank, HttpStatusCode.BadRequest, "ILiveSDK", 8021);
        }

        using (var missing = await http.SendAsync(Put("/dev/v1/rooms/48999", "dev_owner", Server.Sig("dev_owner"), "nowhere")))
        {
            await AssertErrorAsync(missing, HttpStatusCode.NotFound, "AVSDK", 10009);
        }
    }

    private static HttpRequestMessage Put(string path, string userId, string? userSig, string title)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, path) { Content = JsonContent.Create(new { userId, title }) };
        if (userSig is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", userSig);
        }

        return request;
    }
}

/// <summary>Without dev mode the dev endpoints do not exist: nobody can ask this server for tickets.</summary>
public sealed class DevEndpointsOutsideDevModeTests
{
    [Fact]
    public async Task TheyAre404()
    {
        await using var server = await TestServer.StartAsync(null, "--dev=false");
        using var http = new HttpClient { BaseAddress = server.Url };
        using var usersig = await http.PostAsJsonAsync("/dev/v1/usersig", new { userId = "alice" });
        Assert.Equal(HttpStatusCode.NotFound, usersig.StatusCode);
        using var rooms = await http.GetAsync("/dev/v1/rooms");
        Assert.Equal(HttpStatusCode.NotFound, rooms.StatusCode);
        Assert.Equal("ok", await http.GetStringAsync("/healthz"));
    }
}
