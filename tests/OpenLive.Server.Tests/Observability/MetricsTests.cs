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
}
