using System.Net;
using System.Net.WebSockets;
using OpenLive.Testing;

namespace OpenLive.Server.Tests.Hosting;

/// <summary>
/// Behind nginx every connection comes from nginx's address: the per-IP limits must see the client's address from
/// X-Forwarded-For, but only when nginx sent it (<c>--known-proxies</c>). A client that writes the header itself, to
/// a server without that setting or from an address not listed, is not believed.
/// </summary>
public sealed class ForwardedHeadersTests
{
    private static readonly CancellationToken Cancel = TestContext.Current.CancellationToken;

    /// <summary>Opens a signaling WebSocket claiming <paramref name="forwardedFor"/>; the status of a refused upgrade, or 101.</summary>
    private static async Task<(HttpStatusCode Status, ClientWebSocket? Socket)> ConnectAs(TestServer server, string forwardedFor)
    {
        var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol(OpenLive.Protocol.ProtocolVersion.SubProtocol);
        socket.Options.SetRequestHeader("X-Forwarded-For", forwardedFor);
        socket.Options.CollectHttpResponseDetails = true;
        var uri = new UriBuilder(server.Url) { Scheme = "ws", Path = "/signal" }.Uri;
        try
        {
            await socket.ConnectAsync(uri, Cancel);
            return (socket.HttpStatusCode, socket);
        }
        catch (WebSocketException)
        {
            var status = socket.HttpStatusCode;
            socket.Dispose();
            return (status, null);
        }
    }

    [Fact]
    public async Task XForwardedFor_FromAnUnlistedSender_IsNotBelieved_SoTheLimitCountsTheRealAddress()
    {
        await using var server = await TestServer.StartAsync(null, "--OpenLive:MaxConnectionsPerIp=1");
        var (first, firstSocket) = await ConnectAs(server, "198.51.100.1");
        using var held = firstSocket;
        var (second, secondSocket) = await ConnectAs(server, "198.51.100.2");
        using var refused = secondSocket;

        Assert.Equal(HttpStatusCode.SwitchingProtocols, first);
        Assert.Equal(HttpStatusCode.TooManyRequests, second);
    }

    [Fact]
    public async Task XForwardedFor_FromAKnownProxy_IsTheClient_ForThePerIpLimit()
    {
        await using var server = await TestServer.StartAsync(null, "--OpenLive:MaxConnectionsPerIp=1", "--known-proxies", "127.0.0.1");
        var (first, firstSocket) = await ConnectAs(server, "198.51.100.1");
        using var a = firstSocket;
        var (other, otherSocket) = await ConnectAs(server, "198.51.100.2");
        using var b = otherSocket;
        var (again, againSocket) = await ConnectAs(server, "198.51.100.1");
        using var c = againSocket;

        Assert.Equal(HttpStatusCode.SwitchingProtocols, first);
        Assert.Equal(HttpStatusCode.SwitchingProtocols, other);
        Assert.Equal(HttpStatusCode.TooManyRequests, again);
    }

    [Fact]
    public async Task AClientPrependingAddresses_BeforeTheProxysOwn_GetsOnlyTheLastOne()
    {
        // nginx's $proxy_add_x_forwarded_for appends the client's address to whatever the client sent: only the last
        // entry (nginx's own) is believed.
        await using var server = await TestServer.StartAsync(null, "--OpenLive:MaxConnectionsPerIp=1", "--known-proxies", "127.0.0.0/8");
        var (first, firstSocket) = await ConnectAs(server, "203.0.113.9, 198.51.100.1");
        using var a = firstSocket;
        var (second, secondSocket) = await ConnectAs(server, "203.0.113.10, 198.51.100.1");
        using var b = secondSocket;

        Assert.Equal(HttpStatusCode.SwitchingProtocols, first);
        Assert.Equal(HttpStatusCode.TooManyRequests, second);
    }

    [Fact]
    public void AKnownProxyThatIsNoAddress_StopsTheStart()
    {
        var failure = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => OpenLive.Server.Hosting.ServerHost.Build(
            ["--data", Path.Combine(Path.GetTempPath(), "openlive-test-" + Guid.NewGuid().ToString("N")), "--known-proxies", "nginx.local"]));
        Assert.Contains("--known-proxies: 'nginx.local' is neither an IP address nor a CIDR network", failure.Message, StringComparison.Ordinal);
    }
}
