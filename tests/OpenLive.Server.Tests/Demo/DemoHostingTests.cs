using System.Net;
using OpenLive.Server.Hosting;
using OpenLive.Testing;

namespace OpenLive.Server.Tests.Demo;

/// <summary>The built demo at <c>/</c>: served without caching headaches, never in the APIs' way, and explained when missing.</summary>
public sealed class DemoHostingTests
{
    private static string NewDemoDirectory(bool built)
    {
        var dir = Path.Combine(Path.GetTempPath(), "openlive-demo-" + Guid.NewGuid().ToString("N"));
        if (built)
        {
            Directory.CreateDirectory(Path.Combine(dir, "styles"));
            File.WriteAllText(Path.Combine(dir, "index.html"), "<!doctype html><title>demo index</title>");
            File.WriteAllText(Path.Combine(dir, "admin.html"), "<!doctype html><title>demo admin</title>");
            File.WriteAllText(Path.Combine(dir, "app.js"), "console.log('demo');");
            File.WriteAllText(Path.Combine(dir, "styles", "app.css"), "body{}");
            // Files named like the APIs: they must never shadow them.
            File.WriteAllText(Path.Combine(dir, "healthz"), "SHADOW");
            File.WriteAllText(Path.Combine(dir, "signal"), "SHADOW");
            Directory.CreateDirectory(Path.Combine(dir, "admin", "v1"));
            File.WriteAllText(Path.Combine(dir, "admin", "v1", "apps"), "SHADOW");
            Directory.CreateDirectory(Path.Combine(dir, "whip"));
            File.WriteAllText(Path.Combine(dir, "whip", "x"), "SHADOW");
        }

        return dir;
    }

    private static async Task<(TestServer Server, HttpClient Http)> StartAsync(string demoDirectory)
    {
        var server = await TestServer.StartAsync(null, "--demo-path", demoDirectory);
        return (server, new HttpClient { BaseAddress = server.Url });
    }

    [Fact]
    public async Task TheBuiltDemo_IsServedAtTheRoot_WithNoCache()
    {
        var dir = NewDemoDirectory(built: true);
        var (server, http) = await StartAsync(dir);
        await using (server)
        using (http)
        {
            using var index = await http.GetAsync("/");
            Assert.Equal(HttpStatusCode.OK, index.StatusCode);
            Assert.Equal("text/html", index.Content.Headers.ContentType?.MediaType);
            Assert.Contains("demo index", await index.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.True(index.Headers.CacheControl?.NoCache, "index.html is revalidated on every load");
            Assert.NotNull(index.Headers.ETag);

            using var script = await http.GetAsync("/app.js");
            Assert.Equal(HttpStatusCode.OK, script.StatusCode);
            Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
            Assert.True(script.Headers.CacheControl?.NoCache);
            Assert.Contains("demo admin", await http.GetStringAsync("/admin.html"), StringComparison.Ordinal);
            Assert.Equal("body{}", await http.GetStringAsync("/styles/app.css"));
            Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/missing.js")).StatusCode);
        }

        Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public async Task FilesNamedLikeTheApis_NeverShadowThem()
    {
        var dir = NewDemoDirectory(built: true);
        var (server, http) = await StartAsync(dir);
        await using (server)
        using (http)
        {
            Assert.Equal("ok", await http.GetStringAsync("/healthz"));
            using var signal = await http.GetAsync("/signal");
            Assert.Equal(HttpStatusCode.BadRequest, signal.StatusCode);
            Assert.Contains("WebSocket endpoint", await signal.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            using var admin = await http.GetAsync("/admin/v1/apps");
            Assert.Equal(HttpStatusCode.Unauthorized, admin.StatusCode);
            using var whip = await http.GetAsync("/whip/x");
            Assert.NotEqual("SHADOW", await whip.Content.ReadAsStringAsync());
            using var metrics = await http.GetAsync("/metrics");
            Assert.Equal(HttpStatusCode.Unauthorized, metrics.StatusCode); // the exporter's, asking for the admin key
        }

        Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public async Task WithoutABuiltDemo_TheRootSaysHowToBuildIt_AndADemoBuiltLaterIsServed()
    {
        var dir = NewDemoDirectory(built: false);
        var (server, http) = await StartAsync(dir);
        await using (server)
        using (http)
        {
            foreach (var path in new[] { "/", "/index.html", "/admin.html" })
            {
                using var page = await http.GetAsync(path);
                Assert.Equal(HttpStatusCode.OK, page.StatusCode);
                Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
                var html = await page.Content.ReadAsStringAsync();
                Assert.Contains("the demo app is not built", html, StringComparison.Ordinal);
                Assert.Contains("node web/demo/build.mjs", html, StringComparison.Ordinal);
                // No filesystem path in a response: it tells a visitor where the server is installed and who runs it.
                Assert.DoesNotContain(Path.GetFileName(dir), html, StringComparison.Ordinal);
                Assert.DoesNotContain(Path.GetTempPath().TrimEnd('/'), html, StringComparison.Ordinal);
            }

            Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/app.js")).StatusCode);
            Assert.Equal("ok", await http.GetStringAsync("/healthz"));

            // Built while the server runs: served from the next request on.
            Directory.CreateDirectory(dir);
            await File.WriteAllTextAsync(Path.Combine(dir, "index.html"), "<!doctype html><title>built later</title>", TestContext.Current.CancellationToken);
            Assert.Contains("built later", await http.GetStringAsync("/"), StringComparison.Ordinal);
        }

        Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public async Task TheDemoOptions_AreValidatedAtStart()
    {
        var failure = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(
            () => TestServer.StartAsync(null, "--OpenLive:Demo:UserSigExpireSeconds=5"));
        Assert.Contains("UserSigExpireSeconds", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:7880", "http://127.0.0.1:7880")]
    [InlineData("http://0.0.0.0:7880", "http://localhost:7880")]
    [InlineData("http://[::]:7880", "http://localhost:7880")]
    [InlineData("https://live.example.com", "https://live.example.com")]
    public void TheBannerShowsAUrlABrowserCanOpen(string listen, string shown) =>
        Assert.Equal(shown, StartupBanner.BrowsableUrl(listen));
}
