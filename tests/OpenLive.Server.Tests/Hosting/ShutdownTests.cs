using OpenLive.Sdk;
using OpenLive.Testing;

namespace OpenLive.Server.Tests.Hosting;

public sealed class ShutdownTests
{
    [Fact]
    public async Task Stopping_ClosesSessionsWithGoingAway()
    {
        var server = await TestServer.StartAsync();
        using var http = new HttpClient { BaseAddress = server.Url };
        Assert.Equal("ok", await http.GetStringAsync("/healthz"));

        await using var client = await server.LoggedInClientAsync("drained");
        // The client reports the drop and starts reconnecting (to another node, in a cluster).
        var lost = Events.Next<ConnectionStateChangedEventArgs>(h => client.ConnectionStateChanged += h, e => e.State == ConnectionState.Reconnecting);
        await server.DisposeAsync();

        var state = await lost;
        Assert.Equal(8012, state.Error!.Code);
        Assert.Contains("shutting down", state.Error.Message, StringComparison.Ordinal);
    }
}
