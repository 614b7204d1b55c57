using System.Net;
using OpenLive.Sfu.Net;

namespace OpenLive.Sfu.Tests.Net;

/// <summary>Which host candidates the SFU announces for a bound socket, the operator's public addresses and the interfaces.</summary>
public sealed class MediaAddressesTests
{
    private static readonly InterfaceAddress[] Machine =
    [
        new("lo", IsUp: true, IsLoopback: true, IPAddress.Loopback),
        new("lo", IsUp: true, IsLoopback: true, IPAddress.IPv6Loopback),
        new("eth0", IsUp: true, IsLoopback: false, IPAddress.Parse("fe80::1")),
        new("eth0", IsUp: true, IsLoopback: false, IPAddress.Parse("2001:db8::5")),
        new("eth0", IsUp: true, IsLoopback: false, IPAddress.Parse("192.0.2.5")),
        new("wlan0", IsUp: false, IsLoopback: false, IPAddress.Parse("198.51.100.5")),
        new("eth1", IsUp: true, IsLoopback: false, IPAddress.Parse("169.254.10.1")),
        new("veth0", IsUp: true, IsLoopback: false, IPAddress.Parse("10.1.0.1")),
        new("veth0", IsUp: true, IsLoopback: false, IPAddress.Parse("fd00::1")),
    ];

    private static string[] Announce(string bind, int port = 7882, string[]? announced = null, InterfaceAddress[]? interfaces = null) =>
        [.. MediaAddresses.Candidates(new IPEndPoint(IPAddress.Parse(bind), port), [.. (announced ?? []).Select(IPAddress.Parse)], interfaces ?? Machine)
            .Select(e => e.ToString())];

    [Fact]
    public void AllInterfaces_DualStack_AnnouncesEveryUsableAddress_IPv4First()
    {
        Assert.Equal(["192.0.2.5:7882", "10.1.0.1:7882", "[2001:db8::5]:7882", "[fd00::1]:7882"], Announce("::"));
    }

    [Fact]
    public void AllIPv4Interfaces_AnnouncesIPv4Only()
    {
        Assert.Equal(["192.0.2.5:7882", "10.1.0.1:7882"], Announce("0.0.0.0"));
    }

    [Theory]
    [InlineData("127.0.0.1", "127.0.0.1:7882")]
    [InlineData("::1", "[::1]:7882")]
    [InlineData("10.1.0.1", "10.1.0.1:7882")]
    [InlineData("fd00::1", "[fd00::1]:7882")]
    public void OneBoundAddress_IsTheOneCandidate(string bind, string expected)
    {
        Assert.Equal([expected], Announce(bind));
    }

    [Fact]
    public void PublicAddresses_ReplaceEveryOther_OnTheBoundPort_WithoutDuplicates()
    {
        Assert.Equal(["203.0.113.10:40000", "[2001:db8:1::10]:40000"],
            Announce("::", 40000, ["203.0.113.10", "2001:db8:1::10", "203.0.113.10"]));
        Assert.Equal(["203.0.113.10:7882"], Announce("10.1.0.1", announced: ["203.0.113.10"]));
    }

    [Fact]
    public void AMachineWithOnlyLoopback_AnnouncesLoopback_SoItStillServesItself()
    {
        InterfaceAddress[] loopbackOnly = [.. Machine.Where(a => a.IsLoopback || a.Address.IsIPv6LinkLocal)];
        Assert.Equal(["127.0.0.1:7882", "[::1]:7882"], Announce("::", interfaces: loopbackOnly));
        Assert.Equal(["127.0.0.1:7882"], Announce("0.0.0.0", interfaces: loopbackOnly));
    }

    [Fact]
    public void DiscoveryOfThisMachine_FindsItsLoopback()
    {
        var found = MediaAddresses.Discover();
        Assert.Contains(found, a => a.IsLoopback && a.Address.Equals(IPAddress.Loopback));
    }

    [Theory]
    [InlineData("::", "[::]:7882 (all interfaces, IPv4 and IPv6)")]
    [InlineData("0.0.0.0", "0.0.0.0:7882 (all IPv4 interfaces)")]
    [InlineData("127.0.0.1", "127.0.0.1:7882 (loopback only)")]
    [InlineData("10.1.0.1", "10.1.0.1:7882")]
    public void TheDescription_SaysWhatIsBound(string bind, string expected)
    {
        Assert.Equal(expected, MediaAddresses.Describe(new IPEndPoint(IPAddress.Parse(bind), 7882)));
    }

    [Theory]
    [InlineData("10.0.0.1", "10.0.0.1")]
    [InlineData(" 2001:db8::1 ", "2001:db8::1")]
    [InlineData("[2001:db8::1]", "2001:db8::1")]
    [InlineData("::", "::")]
    [InlineData("fe80::1%eth0", null)]
    [InlineData("example.com", null)]
    [InlineData("10.0.0.1:7882", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void Parsing_TakesIPLiteralsOnly(string? text, string? expected)
    {
        Assert.Equal(expected, MediaAddresses.Parse(text)?.ToString());
    }

    [Fact]
    public void SeveralBoundAddresses_AnnounceOneCandidateEach_IPv4First_AndNoOtherInterfaceAddress()
    {
        // Bound to a public IPv6 and a private IPv4 address of a machine with more (192.0.2.5, 10.1.0.1 is the third).
        IPEndPoint[] bound = [new(IPAddress.Parse("2001:db8::5"), 7882), new(IPAddress.Parse("192.0.2.5"), 7882)];
        Assert.Equal(["192.0.2.5:7882", "[2001:db8::5]:7882"], MediaAddresses.Candidates(bound, [], Machine).Select(e => e.ToString()));
    }

    [Fact]
    public void SeveralBoundAddresses_BehindOneToOneNat_AnnounceThePublicAddressesOnly()
    {
        IPEndPoint[] bound = [new(IPAddress.Parse("10.1.0.1"), 7882), new(IPAddress.Parse("192.0.2.5"), 7882)];
        Assert.Equal(["203.0.113.10:7882"], MediaAddresses.Candidates(bound, [IPAddress.Parse("203.0.113.10")], Machine).Select(e => e.ToString()));
    }

    [Fact]
    public void SeveralBoundAddresses_AreDescribedEach()
    {
        IPEndPoint[] bound = [new(IPAddress.Parse("10.1.0.1"), 7882), new(IPAddress.Loopback, 7882)];
        Assert.Equal("10.1.0.1:7882, 127.0.0.1:7882 (loopback only)", MediaAddresses.Describe(bound));
    }
}
