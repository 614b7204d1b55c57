using OpenLive.Testing;

namespace OpenLive.Server.Tests.Observability;

public sealed class MetricsTests(SharedServer shared) : IClassFixture<SharedServer>
{
    [Fact]
    public async Task Metrics_AreScrapeable_AndCountLogins()
    {
        var server = shared.Server;
        await using (var client = await server.LoggedInClientAsync("metered"))
        {
            Assert.True(client.IsLoggedIn);
        }

        using var http = new HttpClient { BaseAddress = server.Url };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", server.AdminKey);
        // The exporter caches a scrape briefly; poll until the login shows.
        string text = string.Empty;
        for (var i = 0; i < 50 && !text.Contains("openlive_logins", StringComparison.Ordinal); i++)
        {
            text = await http.GetStringAsync("/metrics");
            await Task.Delay(100);
        }

        Assert.Contains("openlive_logins_total{", text, StringComparison.Ordinal);
        Assert.Contains("result=\"ok\"", text, StringComparison.Ordinal);
        Assert.Contains("openlive_sessions_active", text, StringComparison.Ordinal);
        Assert.Contains("openlive_login_duration", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-the-admin-key")]
    public async Task Metrics_WithoutTheAdminKey_Are401_With10003(string? key)
    {
        using var http = new HttpClient { BaseAddress = shared.Server.Url };
        if (key is not null)
        {
            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        }

        using var response = await http.GetAsync("/metrics", TestContext.Current.CancellationToken);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.DoesNotContain("openlive_", body, StringComparison.Ordinal);
        using var json = System.Text.Json.JsonDocument.Parse(body);
        Assert.Equal(10003, json.RootElement.GetProperty("code").GetInt32());
    }
}
