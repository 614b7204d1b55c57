using CsCheck;
using OpenLive.Rtc.Sdp;

namespace OpenLive.Rtc.Tests.Sdp;

public sealed class IceCandidateTests
{
    [Theory]
    [InlineData("candidate:842163049 1 udp 1677729535 203.0.113.7 61665 typ srflx raddr 0.0.0.0 rport 0 generation 0 ufrag sI7M network-cost 999")]
    [InlineData("a=candidate:842163049 1 udp 1677729535 203.0.113.7 61665 typ srflx raddr 0.0.0.0 rport 0 generation 0 ufrag sI7M network-cost 999")]
    [InlineData("a=candidate:842163049 1 udp 1677729535 203.0.113.7 61665 typ srflx raddr 0.0.0.0 rport 0 generation 0 ufrag sI7M network-cost 999\r\n")]
    [InlineData("842163049 1 udp 1677729535 203.0.113.7 61665 typ srflx raddr 0.0.0.0 rport 0 generation 0 ufrag sI7M network-cost 999")]
    public void Trickle_WithOrWithoutPrefix(string text)
    {
        Assert.True(IceCandidate.TryParse(text, out var candidate, out var error), error);
        Assert.Equal(("842163049", 1, "udp", 1677729535U), (candidate.Foundation, candidate.Component, candidate.Transport, candidate.Priority));
        Assert.Equal(("203.0.113.7", 61665, IceCandidateType.ServerReflexive), (candidate.Address, candidate.Port, candidate.Type));
        Assert.Equal(("0.0.0.0", 0), (candidate.RelatedAddress, candidate.RelatedPort!.Value));
        Assert.Equal((0U, "sI7M", 999U), (candidate.Generation!.Value, candidate.Ufrag, candidate.NetworkCost!.Value));
        Assert.Null(candidate.NetworkId);
        Assert.Null(candidate.TcpType);
        Assert.Empty(candidate.Extensions);
        Assert.Equal(
            "candidate:842163049 1 udp 1677729535 203.0.113.7 61665 typ srflx raddr 0.0.0.0 rport 0 generation 0 ufrag sI7M network-cost 999",
            candidate.ToString());
    }

    [Fact]
    public void Mdns_Host_KeepsTheName()
    {
        Assert.True(IceCandidate.TryParse(
            "candidate:1467250027 1 udp 2122260223 0c1e6a27-1f3b-4d5e-9a8b-7c6d5e4f3a2b.local 49203 typ host generation 0 network-cost 999",
            out var candidate));
        Assert.True(candidate.IsMdns);
        Assert.Equal("0c1e6a27-1f3b-4d5e-9a8b-7c6d5e4f3a2b.local", candidate.Address);
        Assert.False(candidate.TryGetIPAddress(out _));
    }

    [Fact]
    public void Tcp_Relay_Ipv6_AndUnknownExtensions()
    {
        Assert.True(IceCandidate.TryParse("candidate:1 1 tcp 1518280447 192.168.1.10 9 typ host tcptype active generation 0 network-id 1", out var tcp));
        Assert.True(tcp.IsTcp);
        Assert.Equal((IceTcpType.Active, 9, 1U), (tcp.TcpType!.Value, tcp.Port, tcp.NetworkId!.Value));

        Assert.True(IceCandidate.TryParse("candidate:3 1 udp 41885439 198.51.100.5 3478 typ relay raddr 203.0.113.7 rport 61665 generation 0", out var relay));
        Assert.Equal(IceCandidateType.Relay, relay.Type);

        Assert.True(IceCandidate.TryParse("candidate:4 2 UDP 2122194687 2001:db8::7 50000 typ prflx x-vendor 42 tcptype so", out var prflx));
        Assert.Equal((2, IceCandidateType.PeerReflexive, IceTcpType.SimultaneousOpen), (prflx.Component, prflx.Type, prflx.TcpType!.Value));
        Assert.True(prflx.TryGetIPAddress(out var address));
        Assert.Equal("2001:db8::7", address.ToString());
        Assert.Equal([new IceCandidateExtension("x-vendor", "42")], prflx.Extensions);
        Assert.Equal("candidate:4 2 UDP 2122194687 2001:db8::7 50000 typ prflx tcptype so x-vendor 42", prflx.ToString());
    }

    [Theory]
    [InlineData(null, "no candidate")]
    [InlineData("", "foundation")]
    [InlineData("end-of-candidates", "foundation")]
    [InlineData("a=end-of-candidates", "not an a=candidate line")]
    [InlineData("candidate:1 0 udp 1 192.0.2.1 1 typ host", "component must be 1-256")]
    [InlineData("candidate:1 257 udp 1 192.0.2.1 1 typ host", "component must be 1-256")]
    [InlineData("candidate:123456789012345678901234567890123 1 udp 1 192.0.2.1 1 typ host", "foundation")]
    [InlineData("candidate:a-b 1 udp 1 192.0.2.1 1 typ host", "foundation")]
    [InlineData("candidate:1 1 udp 4294967296 192.0.2.1 1 typ host", "priority")]
    [InlineData("candidate:1 1 udp -1 192.0.2.1 1 typ host", "priority")]
    [InlineData("candidate:1 1 udp 1 192.0.2.1 65536 typ host", "port")]
    [InlineData("candidate:1 1 udp 1 192.0.2.1", "port")]
    [InlineData("candidate:1 1 udp 1 192.0.2.1 1 host", "typ")]
    [InlineData("candidate:1 1 udp 1 192.0.2.1 1 typ local", "typ")]
    [InlineData("candidate:1 1 udp 1 192.0.2.1 1 typ host generation", "no value")]
    [InlineData("candidate:1 1 udp 1 192.0.2.1 1 typ host generation x", "generation must be a number")]
    [InlineData("candidate:1 1 udp 1 192.0.2.1 1 typ host generation 0 generation 1", "generation appears twice")]
    [InlineData("candidate:1 1 tcp 1 192.0.2.1 1 typ host tcptype both", "tcptype")]
    [InlineData("candidate:1 1 udp 1 192.0.2.1 1 typ srflx raddr 0.0.0.0 rport 70000", "rport")]
    [InlineData("candidate:1 1 udp 1 192.0.2.1 1 typ host\nextra", "one line")]
    public void Refused_WithTheReason(string? text, string reason)
    {
        Assert.False(IceCandidate.TryParse(text, out var candidate, out var error));
        Assert.Null(candidate);
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void RandomText_NeverThrows() =>
        Gen.Char["candidatetypUDPudphostsrflxrelay .:0123456789-~/+\r\nraddrport"].Array[0, 120].Select(c => new string(c))
            .Sample(text =>
            {
                if (IceCandidate.TryParse(text, out var candidate, out var error))
                {
                    Assert.True(IceCandidate.TryParse(candidate.ToString(), out _));
                }
                else
                {
                    Assert.NotEmpty(error);
                }
            }, iter: 3000);

    [Fact]
    public void MutatedCandidates_NeverThrow_AndRoundTripWhenAccepted()
    {
        string[] seeds =
        [
            "candidate:842163049 1 udp 1677729535 203.0.113.7 61665 typ srflx raddr 0.0.0.0 rport 0 generation 0 ufrag sI7M network-cost 999",
            "candidate:1 1 tcp 1518280447 192.168.1.10 9 typ host tcptype active generation 0 network-id 1",
            "candidate:4 2 UDP 2122194687 2001:db8::7 50000 typ prflx x-vendor 42",
        ];
        Gen.Select(Gen.Int[0, seeds.Length - 1], Gen.Int, Gen.Char[" 0:a9~.-\r"]).Sample((which, at, c) =>
        {
            var seed = seeds[which];
            var position = (int)((uint)at % (uint)seed.Length);
            var mutated = (at & 1) == 0
                ? string.Concat(seed.AsSpan(0, position), c.ToString(), seed.AsSpan(position + 1))
                : seed[..position];
            if (IceCandidate.TryParse(mutated, out var candidate))
            {
                Assert.True(IceCandidate.TryParse(candidate.ToString(), out var again));
                StructuralAssert.Equal(candidate, again);
            }
        }, iter: 3000);
    }
}
