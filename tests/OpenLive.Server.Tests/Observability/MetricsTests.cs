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

    [Fact]
    public async Task Metrics_CountWhatSessionsHold_ForLeakChecks()
    {
        var server = shared.Server;
        await using var client = await server.LoggedInClientAsync("gauged");
        using var http = new HttpClient { BaseAddress = server.Url };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", server.AdminKey);
        string text = string.Empty;
        for (var i = 0; i < 50 && !text.Contains("openlive_grains_active", StringComparison.Ordinal); i++)
        {
            text = await http.GetStringAsync("/metrics");
            await Task.Delay(100);
        }

        // A logged-in user has grains active; the store and the SFU report their counts (0 or more).
        Assert.True(Gauge(text, "openlive_grains_active") > 0, text);
        Assert.True(Gauge(text, "openlive_sqlite_connections_open") >= 0, text);
        Assert.True(Gauge(text, "openlive_media_transports") >= 0, text);
        Assert.True(Gauge(text, "openlive_media_rooms") >= 0, text);

        // The media plane's drop counters are there from the start (0 on an idle node), so an alert can be set on them.
        Assert.True(Gauge(text, "openlive_media_send_failures_total") >= 0, text);
        Assert.True(Gauge(text, "openlive_media_unrouted_datagrams_total") >= 0, text);
        Assert.True(Gauge(text, "openlive_media_tcp_refused_total") >= 0, text);
        Assert.True(Gauge(text, "openlive_media_tcp_framing_errors_total") >= 0, text);
        Assert.True(Gauge(text, "openlive_media_tcp_handshake_timeouts_total") >= 0, text);
    }

    /// <summary>The value of a gauge in Prometheus text (any labels), or -1 when it is not there.</summary>
    private static double Gauge(string text, string name)
    {
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith(name + " ", StringComparison.Ordinal) || line.StartsWith(name + "{", StringComparison.Ordinal))
            {
                var rest = line[name.Length] == '{' ? line[(line.LastIndexOf('}') + 1)..] : line[name.Length..];
                var value = rest.Trim().Split(' ')[0];
                return double.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return -1;
    }
}
