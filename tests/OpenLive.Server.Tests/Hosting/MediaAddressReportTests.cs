using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenLive.Server.Hosting;
using OpenLive.Sfu;
using OpenLive.Sfu.Net;
using OpenLive.Testing;

namespace OpenLive.Server.Tests.Hosting;

/// <summary>
/// Where media binds by default (loopback in dev mode, every interface otherwise), what the operator's flags change
/// (--media-bind, --media-public-address), and that the banner and /healthz say what is in use.
/// </summary>
public sealed class MediaAddressReportTests
{
    private sealed record Report(string Udp, string Bind, string[] Announced);

    private static async Task<(string Status, Report Media)> HealthJsonAsync(TestServer server)
    {
        using var http = new HttpClient { BaseAddress = server.Url };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/healthz");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var media = json.RootElement.GetProperty("media");
        return (json.RootElement.GetProperty("status").GetString()!, new Report(
            media.GetProperty("udp").GetString()!,
            media.GetProperty("bind").GetString()!,
            [.. media.GetProperty("announced").EnumerateArray().Select(e => e.GetString()!)]));
    }

    private static SfuEngine Media(TestServer server) => server.Services.GetRequiredService<SfuEngine>();

    [Fact]
    public async Task DevMode_BindsMediaToLoopback_AndSaysSo()
    {
        await using var server = await TestServer.StartAsync();
        var port = Media(server).LocalEndPoint.Port;

        var (status, media) = await HealthJsonAsync(server);
        Assert.Equal("ok", status);
        Assert.Equal($"127.0.0.1:{port}", media.Udp);
        Assert.Equal($"127.0.0.1:{port} (loopback only)", media.Bind);
        Assert.Equal([$"127.0.0.1:{port}"], media.Announced);
        Assert.Equal($"127.0.0.1:{port} (loopback only), announced 127.0.0.1", StartupBanner.MediaLine(Media(server)));
    }

    [Theory]
    [InlineData("--dev=false")]
    [InlineData("--dev-expose")]
    public async Task OutsideLoopbackDevMode_BindsMediaToEveryInterface_IPv4AndIPv6_AndAnnouncesTheirAddresses(string mode)
    {
        await using var server = await TestServer.StartAsync(null, mode);
        var engine = Media(server);
        var port = engine.LocalEndPoint.Port;
        var expected = MediaAddresses.Candidates(engine.LocalEndPoint, [], MediaAddresses.Discover()).Select(c => c.ToString()).ToArray();

        var (_, media) = await HealthJsonAsync(server);
        Assert.Equal($"[::]:{port}", media.Udp);
        Assert.Equal($"[::]:{port} (all interfaces, IPv4 and IPv6)", media.Bind);
        Assert.Equal(expected, media.Announced);
        Assert.Equal([.. engine.Candidates.Select(c => c.ToString())], media.Announced);
        Assert.StartsWith($"[::]:{port} (all interfaces, IPv4 and IPv6), announced ", StartupBanner.MediaLine(engine), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheOperatorsBindAndPublicAddresses_AreUsed_AndReported()
    {
        await using var server = await TestServer.StartAsync(null, "--media-bind", "127.0.0.1", "--media-public-address", "192.0.2.10,2001:db8::10");
        var port = Media(server).LocalEndPoint.Port;

        var (_, media) = await HealthJsonAsync(server);
        Assert.Equal($"127.0.0.1:{port}", media.Udp);
        Assert.Equal([$"192.0.2.10:{port}", $"[2001:db8::10]:{port}"], media.Announced);
        Assert.Equal($"127.0.0.1:{port} (loopback only), announced 192.0.2.10, 2001:db8::10", StartupBanner.MediaLine(Media(server)));
    }

    [Fact]
    public async Task TheSettingKeys_KeepWorking_WithIndexedAnnouncedAddresses()
    {
        await using var server = await TestServer.StartAsync(null,
            "--OpenLive:Media:BindAddress=0.0.0.0", "--OpenLive:Media:AnnouncedAddresses:0=198.51.100.1", "--OpenLive:Media:AnnouncedAddresses:1=198.51.100.2");
        var port = Media(server).LocalEndPoint.Port;

        var (_, media) = await HealthJsonAsync(server);
        Assert.Equal($"0.0.0.0:{port}", media.Udp);
        Assert.Equal([$"198.51.100.1:{port}", $"198.51.100.2:{port}"], media.Announced);
    }

    [Fact]
    public async Task APlainProbe_StillGetsPlainOk()
    {
        await using var server = await TestServer.StartAsync();
        using var http = new HttpClient { BaseAddress = server.Url };
        using var response = await http.GetAsync(new Uri("/healthz", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("ok", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData("--media-bind", "not-an-address", "--media-bind")]
    [InlineData("--media-public-address", "0.0.0.0", "--media-public-address")]
    public async Task AMalformedAddress_StopsTheStart_NamingTheFlag(string flag, string value, string named)
    {
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => TestServer.StartAsync(null, flag, value));
        Assert.Contains(named, failure.Message, StringComparison.Ordinal);
    }

    private static async Task<string[]> BoundAsync(TestServer server)
    {
        using var http = new HttpClient { BaseAddress = server.Url };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/healthz");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return [.. json.RootElement.GetProperty("media").GetProperty("bound").EnumerateArray().Select(e => e.GetString()!)];
    }

    [Fact]
    public async Task SeveralBindAddresses_OnTheFlag_BindASocketAndListenerEach_AndAreReported()
    {
        await using var server = await TestServer.StartAsync(null, "--media-bind", "127.0.0.1,127.0.0.2");
        var engine = Media(server);
        var port = engine.LocalEndPoint.Port;

        var (_, media) = await HealthJsonAsync(server);
        Assert.Equal([$"127.0.0.1:{port}", $"127.0.0.2:{port}"], await BoundAsync(server));
        Assert.Equal([$"127.0.0.1:{port}", $"127.0.0.2:{port}"], media.Announced);
        Assert.Equal($"127.0.0.1:{port} (loopback only), 127.0.0.2:{port} (loopback only), announced 127.0.0.1, 127.0.0.2", StartupBanner.MediaLine(engine));
        Assert.Equal(["127.0.0.1", "127.0.0.2"], engine.TcpEndPoints.Select(e => e.Address.ToString()));
    }

    [Fact]
    public async Task TheBindAddressesList_TakesPrecedenceOverTheFlag()
    {
        await using var server = await TestServer.StartAsync(null, "--media-bind", "127.0.0.1", "--OpenLive:Media:BindAddresses:0=127.0.0.2", "--OpenLive:Media:BindAddresses:1=127.0.0.3");
        var port = Media(server).LocalEndPoint.Port;
        Assert.Equal([$"127.0.0.2:{port}", $"127.0.0.3:{port}"], await BoundAsync(server));
    }

    [Theory]
    [InlineData("127.0.0.1,::", "combines the wildcard '::'")]
    [InlineData("127.0.0.1,127.0.0.1", "lists '127.0.0.1' twice")]
    [InlineData("127.0.0.1,eth1", "'eth1' is not an IP address")]
    public async Task ABadBindList_StopsTheStart_NamingTheFlagAndTheValue(string value, string expected)
    {
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => TestServer.StartAsync(null, "--media-bind", value));
        Assert.Contains("--media-bind", failure.Message, StringComparison.Ordinal);
        Assert.Contains(expected, failure.Message, StringComparison.Ordinal);
    }
}
