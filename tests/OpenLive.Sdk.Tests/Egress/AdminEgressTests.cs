using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using OpenLive.Sdk.Rooms;
using OpenLive.Server.Application.Egress;
using OpenLive.Testing;

namespace OpenLive.Sdk.Tests.Egress;

/// <summary>The admin API's egress endpoints: list, start for any member, stop; observed through the egress host double and an SDK client.</summary>
public sealed class AdminEgressTests(EgressServer fixture) : IClassFixture<EgressServer>
{
    private TestServer Server => fixture.Server;

    private HttpClient Admin()
    {
        var http = new HttpClient { BaseAddress = Server.Url };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Server.AdminKey);
        return http;
    }

    private string Egress(uint roomId) => $"/admin/v1/apps/{Server.AppId}/rooms/{roomId}/egress";

    private static async Task<(int Status, string Module, int Code)> ErrorOf(HttpResponseMessage response)
    {
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return ((int)response.StatusCode, body.RootElement.GetProperty("module").GetString()!, body.RootElement.GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task Admin_StartsForAnyMember_ListsAndStops()
    {
        await using var host = await Server.LoggedInClientAsync("eta_host");
        var hostRoom = await host.CreateRoomAsync(9841, LiveRoomOptions.Host());
        using var http = Admin();

        using var started = await http.PostAsJsonAsync(Egress(9841), new { userId = "eta_host", encode = 0x06, recordFileType = 4, fileName = "admin-show" });

        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        using var channel = JsonDocument.Parse(await started.Content.ReadAsStringAsync());
        var id = channel.RootElement.GetProperty("channelId").GetString()!;
        Assert.Equal(("eta_host", "administrator", true), (channel.RootElement.GetProperty("userId").GetString(), channel.RootElement.GetProperty("startedBy").GetString(), channel.RootElement.GetProperty("record").GetBoolean()));
        Assert.Equal("rtmp://127.0.0.1:19350/live/", channel.RootElement.GetProperty("rtmpUrls")[0].GetString());
        var request = fixture.Host.Started.Last(r => r.RoomKey == fixture.RoomKey(9841));
        Assert.Equal((EgressOutputs.Record | EgressOutputs.Hls | EgressOutputs.Rtmp, "admin-show", "administrator"), (request.Outputs, request.FileName, request.StartedBy));

        using var list = JsonDocument.Parse(await http.GetStringAsync(Egress(9841)));
        Assert.Equal([id], list.RootElement.EnumerateArray().Select(c => c.GetProperty("channelId").GetString()));

        // The SDK's view agrees: the owner may stop what the administrator started.
        using var deleted = await http.DeleteAsync($"{Egress(9841)}/{id}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Empty(fixture.Host.Running(fixture.RoomKey(9841)));
        using var again = await http.DeleteAsync($"{Egress(9841)}/{id}");
        Assert.Equal((404, "ILiveSDK", 8022), await ErrorOf(again));
        await hostRoom.DismissAsync();
    }

    [Fact]
    public async Task Admin_Refusals_HaveTheirCodesAndStatuses()
    {
        await using var host = await Server.LoggedInClientAsync("etb_host");
        await using var viewer = await Server.LoggedInClientAsync("etb_viewer");
        await host.CreateRoomAsync(9842, LiveRoomOptions.Host());
        await viewer.JoinRoomAsync(9842, LiveRoomOptions.Audience());
        using var http = Admin();

        Assert.Equal((404, "AVSDK", 10009), await ErrorOf(await http.GetAsync(Egress(9849))));
        Assert.Equal((404, "AVSDK", 10009), await ErrorOf(await http.PostAsJsonAsync(Egress(9849), new { userId = "etb_host", encode = 1 })));
        Assert.Equal((404, "AVSDK", 10010), await ErrorOf(await http.PostAsJsonAsync(Egress(9842), new { userId = "nobody", encode = 1 })));
        Assert.Equal((400, "AVSDK", 1401), await ErrorOf(await http.PostAsJsonAsync(Egress(9842), new { userId = "etb_viewer", encode = 1 })));
        Assert.Equal((400, "ILiveSDK", 8021), await ErrorOf(await http.PostAsJsonAsync(Egress(9842), new { userId = "etb_host", encode = 9 })));
        Assert.Equal((400, "ILiveSDK", 8021), await ErrorOf(await http.PostAsJsonAsync(Egress(9842), new { encode = 1 })));
        Assert.Equal((400, "ILiveSDK", 8021), await ErrorOf(await http.PostAsJsonAsync(Egress(9842), new { userId = "etb_host", recordFileType = 4, fileName = "../../etc/passwd" })));
        Assert.Equal((501, "ILiveSDK", 8023), await ErrorOf(await http.PostAsJsonAsync(Egress(9842), new { userId = "etb_host", encode = 2 })));
        using var garbage = new StringContent("{not json", System.Text.Encoding.UTF8, "application/json");
        Assert.Equal((400, "ILiveSDK", 8021), await ErrorOf(await http.PostAsync(Egress(9842), garbage)));
        Assert.Equal((404, "ILiveSDK", 8022), await ErrorOf(await http.DeleteAsync($"{Egress(9842)}/12345")));

        using var anonymous = new HttpClient { BaseAddress = Server.Url };
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(Egress(9842))).StatusCode);
        Assert.DoesNotContain(fixture.Host.Started, r => r.RoomKey == fixture.RoomKey(9842));
    }

    [Fact]
    public async Task TheEgressEndpoints_AreInTheOpenApiDocument()
    {
        using var http = new HttpClient { BaseAddress = Server.Url };
        using var document = JsonDocument.Parse(await http.GetStringAsync("/openapi/v1.json"));
        var paths = document.RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToArray();
        Assert.Contains("/admin/v1/apps/{sdkAppId}/rooms/{roomId}/egress", paths);
        Assert.Contains("/admin/v1/apps/{sdkAppId}/rooms/{roomId}/egress/{channelId}", paths);
    }
}
