using Microsoft.Extensions.Time.Testing;
using OpenLive.Core.Errors;
using OpenLive.Testing;

namespace OpenLive.Sdk.Tests;

/// <summary>Ticket expiry and the silence watchdog, on a server running on a fake clock.</summary>
public sealed class SessionClockTests
{
    [Fact]
    public async Task SigExpiringDuringTheSession_PushesForceOffline8051()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await TestServer.StartAsync(clock, "--OpenLive:SessionTimeout=00:30:00");
        await using var client = server.NewClient();
        await client.LoginAsync("expiring", server.Sig("expiring", 60));
        var offline = Events.Next<ForcedOfflineEventArgs>(h => client.ForcedOffline += h);

        clock.Advance(TimeSpan.FromSeconds(60));
        await Task.Delay(200);
        Assert.True(client.IsLoggedIn, "still valid at time + expire");
        clock.Advance(TimeSpan.FromSeconds(2));

        var reason = (await offline).Reason;
        Assert.Equal(("ILiveSDK", 8051), (reason.Module, reason.Code));
        await LoginTests.WaitUntil(() => !client.IsLoggedIn);
    }

    [Fact]
    public async Task RenewedSig_KeepsTheSessionPastTheOldExpiry()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await TestServer.StartAsync(clock, "--OpenLive:SessionTimeout=00:30:00");
        await using var client = server.NewClient();
        await client.LoginAsync("renewing", server.Sig("renewing", 60));
        var offline = 0;
        client.ForcedOffline += (_, _) => Interlocked.Increment(ref offline);

        await client.RenewUserSigAsync(server.Sig("renewing", 3600));
        clock.Advance(TimeSpan.FromSeconds(120));
        await Task.Delay(300);

        Assert.Equal(0, offline);
        Assert.True(client.IsLoggedIn);
        Assert.Equal("renewing", await client.GetUserIdAsync(client.TinyId));
    }

    [Fact]
    public async Task SilentClient_IsDroppedAfterTheSessionTimeout()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await TestServer.StartAsync(clock);
        // The client's heartbeats run on its own (real) clock every 10 s; the server's 30 s passes on the fake clock first.
        await using var client = server.NewClient(o => o.AutoReconnect = false); // observe the drop itself, not the recovery
        await client.LoginAsync("silent", server.Sig("silent"));
        var dropped = Events.Next<ConnectionStateChangedEventArgs>(h => client.ConnectionStateChanged += h, e => e.State == ConnectionState.Disconnected);

        clock.Advance(TimeSpan.FromSeconds(29));
        await Task.Delay(200);
        Assert.True(client.IsLoggedIn);
        clock.Advance(TimeSpan.FromSeconds(2));

        var state = await dropped;
        Assert.Equal(8012, state.Error!.Code);
    }
}
