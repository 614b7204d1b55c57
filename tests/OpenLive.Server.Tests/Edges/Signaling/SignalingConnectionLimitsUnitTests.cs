using System.Net;
using Microsoft.Extensions.Options;
using OpenLive.Server.Edges.Signaling;
using OpenLive.Server.Hosting;

namespace OpenLive.Server.Tests.Edges.Signaling;

/// <summary>How addresses are counted against the per-address cap, and that a place is freed exactly once.</summary>
public sealed class SignalingConnectionLimitsUnitTests
{
    private static SignalingConnectionLimits Limits(int perIp, int total) =>
        new(Options.Create(new ServerOptions { MaxConnectionsPerIp = perIp, MaxConnections = total }));

    [Fact]
    public void IPv6Addresses_AreCountedPer64_AndMappedIPv4AsIPv4()
    {
        var limits = Limits(perIp: 1, total: 100);

        Assert.True(limits.TryAdmit(IPAddress.Parse("2001:db8:1:2::1"), out _, out _));
        Assert.False(limits.TryAdmit(IPAddress.Parse("2001:db8:1:2:ffff::9"), out _, out var sameNetwork));
        Assert.Equal("per_ip_limit", sameNetwork);
        Assert.True(limits.TryAdmit(IPAddress.Parse("2001:db8:1:3::1"), out _, out _)); // another /64

        Assert.True(limits.TryAdmit(IPAddress.Parse("192.0.2.7"), out _, out _));
        Assert.False(limits.TryAdmit(IPAddress.Parse("::ffff:192.0.2.7"), out _, out _));
    }

    [Fact]
    public void APlace_IsFreedOnce_EvenWhenDisposedTwice()
    {
        var limits = Limits(perIp: 10, total: 1);
        Assert.True(limits.TryAdmit(IPAddress.Loopback, out var place, out _));
        Assert.False(limits.TryAdmit(IPAddress.Loopback, out _, out var full));
        Assert.Equal("total_limit", full);

        place.Dispose();
        place.Dispose();

        Assert.True(limits.TryAdmit(IPAddress.Loopback, out var next, out _));
        Assert.False(limits.TryAdmit(IPAddress.Loopback, out _, out _)); // the double dispose freed one place, not two
        next.Dispose();
    }
}
