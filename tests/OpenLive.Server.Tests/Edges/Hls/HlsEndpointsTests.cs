using System.Net;
using System.Net.Sockets;
using System.Text;
using OpenLive.Testing;

namespace OpenLive.Server.Tests.Edges.Hls;

/// <summary>
/// Live HLS served by the real server from its HLS directory: <c>GET|HEAD /live/{appId}/{room}/{member}/{file}</c> with
/// the content types and cache headers players and CDNs need, CORS for players on other origins, and nothing else:
/// hostile paths (traversal, encoded slashes and backslashes, absolute paths, NUL, overlong names, other files, a link
/// out of the directory, listings) get 400/404 and never a byte of a file outside it.
/// </summary>
public sealed class HlsEndpointsTests : IAsyncLifetime
{
    private const string Secret = "TOP-SECRET-CONTENT";
    private readonly string _scratch = Directory.CreateTempSubdirectory("openlive-hls-edge-").FullName;
    private TestServer _server = null!;
    private string _member = null!;

    private string HlsDirectory => Path.Combine(_scratch, "hls");

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(HlsDirectory);
        _server = await TestServer.StartAsync(null, $"--OpenLive:Egress:Live:HlsDirectory={HlsDirectory}");
        _member = Path.Combine(HlsDirectory, _server.AppId.ToString(System.Globalization.CultureInfo.InvariantCulture), "room1", "alice");
        Directory.CreateDirectory(_member);
        await File.WriteAllTextAsync(Path.Combine(_member, "index.m3u8"), "#EXTM3U\n#EXT-X-MAP:URI=\"init-k2.mp4\"\n#EXTINF:2.0,\nseg-k2-3.m4s\n");
        await File.WriteAllBytesAsync(Path.Combine(_member, "init-k2.mp4"), [0, 0, 0, 8, (byte)'f', (byte)'t', (byte)'y', (byte)'p']);
        await File.WriteAllBytesAsync(Path.Combine(_member, "seg-k2-3.m4s"), new byte[1000]);
        await File.WriteAllTextAsync(Path.Combine(_member, "notes.txt"), Secret);
        await File.WriteAllTextAsync(Path.Combine(_member, "seg-k2-4.m4s.tmp"), Secret);
        await File.WriteAllTextAsync(Path.Combine(_scratch, "secret.txt"), Secret);
        await File.WriteAllTextAsync(Path.Combine(HlsDirectory, "index.m3u8"), Secret);
        File.CreateSymbolicLink(Path.Combine(_member, "seg-k2-9.m4s"), Path.Combine(_scratch, "secret.txt"));
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_scratch, recursive: true);
    }

    private string Base => $"/live/{_server.AppId}/room1/alice";

    [Fact]
    public async Task ThePlaylist_IsServedAsHls_NotCached_ToAnyOrigin()
    {
        using var http = new HttpClient { BaseAddress = _server.Url };
        using var response = await http.GetAsync($"{Base}/index.m3u8");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.apple.mpegurl", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no-cache", response.Headers.CacheControl?.ToString());
        Assert.Equal("*", string.Join(",", response.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.StartsWith("#EXTM3U", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task InitAndSegments_AreLongLivedAndImmutable_WithTheirTypes()
    {
        using var http = new HttpClient { BaseAddress = _server.Url };
        using var init = await http.GetAsync($"{Base}/init-k2.mp4");
        using var segment = await http.GetAsync($"{Base}/seg-k2-3.m4s");

        Assert.Equal(HttpStatusCode.OK, init.StatusCode);
        Assert.Equal("video/mp4", init.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, segment.StatusCode);
        Assert.Equal("video/iso.segment", segment.Content.Headers.ContentType?.MediaType);
        Assert.Equal(1000, (await segment.Content.ReadAsByteArrayAsync()).Length);
        foreach (var response in new[] { init, segment })
        {
            var cache = response.Headers.CacheControl!;
            Assert.True(cache.Public && cache.MaxAge >= TimeSpan.FromDays(1) && cache.Extensions.Any(e => e.Name == "immutable"), cache.ToString());
            Assert.Equal("*", string.Join(",", response.Headers.GetValues("Access-Control-Allow-Origin")));
        }
    }

    [Fact]
    public async Task Head_AnswersTheHeadersAndLength_WithoutABody()
    {
        using var http = new HttpClient { BaseAddress = _server.Url };
        using var response = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"{Base}/seg-k2-3.m4s"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1000, response.Content.Headers.ContentLength);
        Assert.Equal("video/iso.segment", response.Content.Headers.ContentType?.MediaType);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task AMissingSegment_Is404_AndOtherMethodsAre405()
    {
        using var http = new HttpClient { BaseAddress = _server.Url };
        using var missing = await http.GetAsync($"{Base}/seg-k2-7.m4s");
        using var post = await http.PostAsync($"{Base}/seg-k2-3.m4s", new ByteArrayContent([1]));

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);
    }

    [Theory]
    [InlineData("/live/{app}/room1/alice/notes.txt")] // not an HLS file name
    [InlineData("/live/{app}/room1/alice/seg-k2-4.m4s.tmp")] // ffmpeg's segment being written
    [InlineData("/live/{app}/room1/alice/seg-k2-9.m4s")] // a symbolic link out of the directory
    [InlineData("/live/{app}/room1/alice/")] // a listing
    [InlineData("/live/{app}/room1/alice")]
    [InlineData("/live/{app}/room1/..%2F..%2F..%2Fsecret.txt/index.m3u8")]
    [InlineData("/live/{app}/room1/alice/..%2F..%2F..%2F..%2Fsecret.txt")]
    [InlineData("/live/{app}/room1/alice/%2E%2E%2F%2E%2E%2F%2E%2E%2F%2E%2E%2Fsecret.txt")]
    [InlineData("/live/{app}/room1/alice/..%5C..%5C..%5C..%5Csecret.txt")]
    [InlineData("/live/{app}/room1/alice/%2Fetc%2Fpasswd")]
    [InlineData("/live/{app}/../../secret.txt/x/index.m3u8")]
    [InlineData("/live/{app}/room1/alice/../../../../secret.txt")]
    [InlineData("/live/{app}/./././index.m3u8")]
    [InlineData("/live/{app}/..%2F..%2F/x/index.m3u8")]
    [InlineData("/live/{app}/room1/alice/index.m3u8%00.txt")]
    [InlineData("/live/{app}/room1/alice%00/index.m3u8")]
    [InlineData("/live/..%2F{app}/room1/alice/index.m3u8")]
    [InlineData("/live/not-an-app/room1/alice/index.m3u8")]
    [InlineData("/live/{app}/room1/{long}/index.m3u8")]
    [InlineData("/live/{app}/room1/alice/seg-k2-{long}.m4s")]
    public async Task HostilePaths_AreRefused_AndNeverServeAFileOutsideTheDirectory(string path)
    {
        var request = path.Replace("{app}", _server.AppId.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{long}", new string('7', 300), StringComparison.Ordinal);
        var (status, body) = await RawGetAsync(request);

        Assert.True(status is 400 or 404, $"{request} answered {status}: {body}");
        Assert.DoesNotContain(Secret, body, StringComparison.Ordinal);
    }

    /// <summary>A GET with the path exactly as given (HttpClient would normalize dot segments away).</summary>
    private async Task<(int Status, string Body)> RawGetAsync(string path)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(_server.Url.Host, _server.Url.Port);
        await using var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET {path} HTTP/1.1\r\nHost: {_server.Url.Authority}\r\nConnection: close\r\n\r\n"));
        using var reader = new StreamReader(stream, Encoding.Latin1);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var response = await reader.ReadToEndAsync(deadline.Token);
        var status = int.Parse(response.AsSpan(9, 3), provider: System.Globalization.CultureInfo.InvariantCulture);
        return (status, response);
    }
}
