using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using OpenLive.Sdk;
using OpenLive.Testing;

namespace OpenLive.Server.Tests.Edges.Admin;

/// <summary>The admin REST API over real HTTP: key check, app list/create/get, errors in iLiveSDK's model.</summary>
public sealed class AdminApiTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private TestServer Server => shared.Server;

    private HttpClient Client(string? key)
    {
        var http = new HttpClient { BaseAddress = Server.Url };
        if (key is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return http;
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-key")]
    public async Task WithoutTheKey_Is401_With10003(string? key)
    {
        using var http = Client(key);
        using var response = await http.GetAsync("/admin/v1/apps");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("AVSDK", body.RootElement.GetProperty("module").GetString());
        Assert.Equal(10003, body.RootElement.GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task List_ShowsTheDevApp_WithoutItsKey()
    {
        using var http = Client(Server.AdminKey);
        using var apps = JsonDocument.Parse(await http.GetStringAsync("/admin/v1/apps"));
        var dev = apps.RootElement.EnumerateArray().Single(a => a.GetProperty("sdkAppId").GetUInt32() == Server.AppId);
        Assert.False(dev.TryGetProperty("key", out _));
    }

    [Fact]
    public async Task CreatedApp_CanLogUsersIn()
    {
        using var http = Client(Server.AdminKey);
        using var response = await http.PostAsJsonAsync("/admin/v1/apps", new { name = "shop", requirePrivateMapKey = false });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var created = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var appId = created.RootElement.GetProperty("sdkAppId").GetUInt32();
        var key = created.RootElement.GetProperty("key").GetString()!;
        Assert.True(appId > Server.AppId);
        Assert.Equal(64, key.Length);

        using var fetched = JsonDocument.Parse(await http.GetStringAsync($"/admin/v1/apps/{appId}"));
        Assert.Equal(key, fetched.RootElement.GetProperty("key").GetString());

        await using var client = new LiveClient(new LiveClientOptions { ServerUrl = Server.Url, SdkAppId = appId });
        await client.LoginAsync("shopper", new Core.Auth.UserSigGenerator(appId, key).GenUserSig("shopper"));
        Assert.True(client.IsLoggedIn);
    }

    [Fact]
    public async Task Errors_8004_8022_8021()
    {
        using var http = Client(Server.AdminKey);
        using var duplicate = await http.PostAsJsonAsync("/admin/v1/apps", new { sdkAppId = Server.AppId });
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        Assert.Contains("8004", await duplicate.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var missing = await http.GetAsync("/admin/v1/apps/42");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("8022", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var garbage = await http.PostAsync("/admin/v1/apps", new StringContent("{not json", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, garbage.StatusCode);
        Assert.Contains("8021", await garbage.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var badId = await http.PostAsJsonAsync("/admin/v1/apps", new { sdkAppId = 0 });
        Assert.Equal(HttpStatusCode.BadRequest, badId.StatusCode);
    }

    [Fact]
    public async Task Cluster_ListsThisNode_Active_UnderTheIdHealthGives()
    {
        using var http = Client(Server.AdminKey);
        using var healthRequest = new HttpRequestMessage(HttpMethod.Get, "/healthz") { Headers = { Accept = { new MediaTypeWithQualityHeaderValue("application/json") } } };
        using var healthAnswer = await http.SendAsync(healthRequest);
        using var health = JsonDocument.Parse(await healthAnswer.Content.ReadAsStringAsync());
        var nodeId = health.RootElement.GetProperty("node").GetString();
        using var cluster = JsonDocument.Parse(await http.GetStringAsync("/admin/v1/cluster"));
        Assert.Equal(nodeId, cluster.RootElement.GetProperty("node").GetString());
        var self = Assert.Single(cluster.RootElement.GetProperty("nodes").EnumerateArray(), n => n.GetProperty("node").GetString() == nodeId);
        Assert.Equal("Active", self.GetProperty("status").GetString());

        using var anonymous = Client(null);
        using var refused = await anonymous.GetAsync("/admin/v1/cluster");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }
}

public sealed class OpenApiTests(SharedServer shared) : IClassFixture<SharedServer>
{
    [Fact]
    public async Task TheAdminApi_IsDescribed()
    {
        using var http = new HttpClient { BaseAddress = shared.Server.Url };
        using var document = JsonDocument.Parse(await http.GetStringAsync("/openapi/v1.json"));
        Assert.Equal("OpenLive admin API", document.RootElement.GetProperty("info").GetProperty("title").GetString());
        var paths = document.RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToArray();
        Assert.Contains("/admin/v1/apps", paths);
        Assert.Contains("/admin/v1/apps/{sdkAppId}/messages", paths);
        Assert.Contains("/admin/v1/apps/{sdkAppId}/rooms/{roomId}", paths);
        Assert.Contains("/admin/v1/apps/{sdkAppId}/calls", paths);
    }
}
