using System.Net;
using CsCheck;
using OpenLive.Rtc.Ice;
using OpenLive.Rtc.Sdp;

namespace OpenLive.Rtc.Tests.Ice;

/// <summary>OpenLive's one candidate type as the ICE agent uses it: IP endpoints, the agent's own candidates, what it refuses.</summary>
public sealed class IceCandidateTests
{
    [Fact]
    public void BrowserHostCandidate_Parses()
    {
        Assert.True(IceCandidate.TryParse("candidate:842163049 1 udp 2122260223 192.168.1.10 54321 typ host generation 0 ufrag EsAw network-id 1 network-cost 10", out var candidate));
        Assert.Equal("842163049", candidate.Foundation);
        Assert.Equal(1, candidate.Component);
        Assert.Equal(2122260223u, candidate.Priority);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("192.168.1.10"), 54321), candidate.Endpoint);
        Assert.Equal(IceCandidateType.Host, candidate.Type);
        Assert.False(candidate.TryGetRelatedEndpoint(out _));
    }

    [Fact]
    public void ServerReflexiveCandidate_WithRelatedAddress_Parses()
    {
        Assert.True(IceCandidate.TryParse("a=candidate:1 1 UDP 1686052607 2001:db8::5 61000 typ srflx raddr fd00::5 rport 50000", out var candidate));
        Assert.Equal(IceCandidateType.ServerReflexive, candidate.Type);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("2001:db8::5"), 61000), candidate.Endpoint);
        Assert.True(candidate.TryGetRelatedEndpoint(out var related));
        Assert.Equal(new IPEndPoint(IPAddress.Parse("fd00::5"), 50000), related);
    }

    [Theory]
    [InlineData("candidate:1 1 udp 2122260223 4e2f6a3c-7a4b-4c1e-9e5e-6a1c1f0d2b3a.local 54321 typ host")] // mDNS
    [InlineData("candidate:1 1 tcp 1518280447 192.168.1.10 9 typ host tcptype active")]
    [InlineData("candidate:1 1 udp 2122260223 192.168.1.10 54321 typ bogus")]
    [InlineData("candidate:1 1 udp 2122260223 192.168.1.10 65536 typ host")]
    [InlineData("candidate:1 0 udp 2122260223 192.168.1.10 5 typ host")]
    [InlineData("candidate:1 1 udp 4294967296 192.168.1.10 5 typ host")]
    [InlineData("candidate:1 1 udp 1 1 5 typ host")]
    [InlineData("candidate:1 1 udp 2122260223 192.168.1.10 54321 host")]
    [InlineData("candidate:1 1 udp 2122260223 192.168.1.10")]
    [InlineData("candidate:f:o 1 udp 2122260223 192.168.1.10 5 typ host")]
    [InlineData("1 1 udp 2122260223 192.168.1.10 5 typ host")]
    [InlineData("")]
    [InlineData(null)]
    public void UnusableCandidates_AreRefusedByTheAgent(string? text)
    {
        using var agent = new IceAgent(new NullSender());
        Assert.False(agent.AddRemoteCandidate(text!));
    }

    [Fact]
    public void HostNamesAndOddAddressForms_HaveNoEndpoint()
    {
        Assert.True(IceCandidate.TryParse("candidate:1 1 udp 2122260223 abc.local 54321 typ host", out var mdns));
        Assert.Null(mdns.Endpoint);
        Assert.True(IceCandidate.TryParse("candidate:1 1 udp 1 1 5 typ host", out var bare));
        Assert.Null(bare.Endpoint); // IPAddress.TryParse would take "1" as 0.0.0.1: a connection address is dotted or IPv6.
    }

    [Fact]
    public void MdnsCandidate_IsIgnoredByTheAgent()
    {
        using var agent = new IceAgent(new NullSender());
        Assert.False(agent.AddRemoteCandidate("candidate:1 1 udp 2122260223 abc.local 54321 typ host"));
        Assert.True(agent.AddRemoteCandidate("candidate:1 1 udp 2122260223 192.168.1.20 54321 typ host"));
        Assert.False(agent.AddRemoteCandidate("candidate:2 1 udp 2122260223 192.168.1.20 54321 typ host")); // same address
        Assert.False(agent.AddRemoteCandidate("candidate:3 2 udp 2122260223 192.168.1.21 54321 typ host")); // RTCP component
    }

    [Fact]
    public void HostPriority_FollowsTheRfcFormula() // RFC 8445 §5.1.2.1
    {
        Assert.Equal(0x7EFFFFFFu, IcePriority.Candidate(IceCandidateType.Host, 65535, 1)); // 2130706431
        Assert.Equal(0x6EFFFFFFu, IcePriority.Candidate(IceCandidateType.PeerReflexive, 65535, 1));
        Assert.Equal(0x64FFFFFEu, IcePriority.Candidate(IceCandidateType.ServerReflexive, 65535, 2));
        Assert.Equal(0x00FFFFFFu, IcePriority.Candidate(IceCandidateType.Relay, 65535, 1));
    }

    [Fact]
    public void PairPriority_FollowsTheRfcFormula() // RFC 8445 §6.1.2.3
    {
        Assert.Equal((5ul << 32) + 14 + 1, IcePriority.Pair(7, 5));
        Assert.Equal((5ul << 32) + 14, IcePriority.Pair(5, 7));
        Assert.Equal((0x7EFFFFFFul << 32) + (2ul * 0x7EFFFFFF), IcePriority.Pair(0x7EFFFFFF, 0x7EFFFFFF)); // RFC priorities stay below 2^31
        Assert.True(IcePriority.Pair(100, 200) < IcePriority.Pair(200, 100)); // the controlling side's better candidate wins ties
    }

    [Fact]
    public void AgentCandidates_RoundTripThroughSdp()
    {
        using var agent = new IceAgent(new NullSender());
        var v4 = agent.AddLocalCandidate(new IPEndPoint(IPAddress.Parse("192.168.1.10"), 40000), 0);
        var v6 = agent.AddLocalCandidate(new IPEndPoint(IPAddress.Parse("2001:db8::10"), 40002), 1);
        var v4Again = agent.AddLocalCandidate(new IPEndPoint(IPAddress.Parse("::ffff:192.168.1.10"), 40004), 2);
        Assert.Equal("candidate:1 1 udp 2130706431 192.168.1.10 40000 typ host", v4.ToString());
        Assert.Equal("candidate:2 1 udp 2130706175 2001:db8::10 40002 typ host", v6.ToString());
        Assert.Equal("candidate:1 1 udp 2130705919 192.168.1.10 40004 typ host", v4Again.ToString()); // same address, same foundation
        foreach (var candidate in agent.LocalCandidates)
        {
            Assert.True(IceCandidate.TryParse(candidate.ToString(), out var parsed));
            Assert.Equal(candidate.ToString(), parsed.ToString());
        }
    }

    [Fact]
    public void AnyCandidate_RoundTrips() =>
        Gen.Select(
            Gen.String[Gen.OneOf(Gen.Char['a', 'z'], Gen.Char['0', '9'], Gen.OneOf<char>('+', '/')), 1, 32],
            Gen.UInt,
            Gen.Select(Gen.Frequency((1, Gen.Byte.Array[4]), (1, Gen.Byte.Array[16])), Gen.Int[0, 65535]),
            Gen.OneOf<IceCandidateType>(Enum.GetValues<IceCandidateType>()),
            Gen.Bool)
        .Sample((foundation, priority, address, type, related) =>
        {
            var endpoint = new IPEndPoint(new IPAddress(address.Item1), address.Item2);
            var candidate = IceCandidate.ForUdp(foundation, 1, priority, endpoint, type, related ? endpoint : null);
            Assert.True(IceCandidate.TryParse(candidate.ToString(), out var parsed));
            Assert.True(parsed.TryGetEndpoint(out var parsedEndpoint));
            Assert.Equal(related, parsed.TryGetRelatedEndpoint(out var parsedRelated));
            Assert.Equal((foundation, priority, endpoint, type), (parsed.Foundation, parsed.Priority, parsedEndpoint, parsed.Type));
            Assert.Equal(related ? endpoint : null, parsedRelated);
        });

    [Fact]
    public void ForUdp_RefusesBadFoundationsAndComponents()
    {
        var endpoint = new IPEndPoint(IPAddress.Loopback, 5000);
        Assert.Throws<ArgumentException>(() => IceCandidate.ForUdp("f:o", 1, 1, endpoint, IceCandidateType.Host));
        Assert.Throws<ArgumentException>(() => IceCandidate.ForUdp(new string('a', 33), 1, 1, endpoint, IceCandidateType.Host));
        Assert.Throws<ArgumentOutOfRangeException>(() => IceCandidate.ForUdp("1", 0, 1, endpoint, IceCandidateType.Host));
        Assert.Same(endpoint, IceCandidate.ForUdp("1", 1, 1, endpoint, IceCandidateType.Host).Endpoint);
    }

    [Fact]
    public void AnyText_NeverThrows() =>
        Gen.String[Gen.OneOf(Gen.Char[' ', '~'], Gen.Char), 0, 200].Sample(text =>
        {
            _ = IceCandidate.TryParse(text, out _);
            _ = IceCandidate.TryParse("candidate:" + text, out _);
        }, iter: 5_000);

    private sealed class NullSender : IIcePacketSender
    {
        public void Send(ReadOnlySpan<byte> packet, IPEndPoint remote, int localSocketId)
        {
        }
    }
}
