using CsCheck;
using OpenLive.Server.Edges.HttpMedia;

namespace OpenLive.Server.Tests.Edges.HttpMedia;

/// <summary>PATCH bodies (RFC 8840 §9 trickle-ice-sdpfrag): read or refused, never an exception.</summary>
public sealed class TrickleFragmentTests
{
    /// <summary>The body of RFC 9725 §4.3.2's "Example of a Trickle ICE request and response" (SDP's CRLF line ends).</summary>
    private const string RfcExample =
        "a=group:BUNDLE 0 1\r\n" +
        "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\n" +
        "a=mid:0\r\n" +
        "a=ice-ufrag:EsAw\r\n" +
        "a=ice-pwd:P2uYro0UCOQ4zxjKXaWCBui1\r\n" +
        "a=candidate:1387637174 1 udp 2122260223 192.0.2.1 61764 typ host generation 0 ufrag EsAw network-id 1\r\n" +
        "a=candidate:3471623853 1 udp 2122194687 198.51.100.2 61765 typ host generation 0 ufrag EsAw network-id 2\r\n" +
        "a=candidate:473322822 1 tcp 1518280447 192.0.2.1 9 typ host tcptype active generation 0 ufrag EsAw network-id 1\r\n" +
        "a=candidate:2154773085 1 tcp 1518214911 198.51.100.2 9 typ host tcptype active generation 0 ufrag EsAw network-id 2\r\n" +
        "a=end-of-candidates\r\n";

    [Fact]
    public void RfcExample_IsRead()
    {
        Assert.True(TrickleFragment.TryParse(RfcExample, out var fragment));
        Assert.Equal(new TrickleFragment("EsAw", "P2uYro0UCOQ4zxjKXaWCBui1", 4, true), fragment);
    }

    [Theory]
    [InlineData("", null, 0)]
    [InlineData("a=end-of-candidates", null, 0)]
    [InlineData("a=candidate:1 1 udp 1 192.0.2.1 9 typ host\n\n", null, 1)]
    public void CandidatesWithoutCredentials_AreTrickle(string body, string? ufrag, int candidates)
    {
        Assert.True(TrickleFragment.TryParse(body, out var fragment));
        Assert.Equal((ufrag, candidates), (fragment.Ufrag, fragment.Candidates));
    }

    [Theory]
    [InlineData("not an sdp line")]
    [InlineData("A=ice-ufrag:x")]
    [InlineData("a=ice-ufrag:\r\n")]
    [InlineData("a=ice-ufrag:bad ufrag")]
    [InlineData("a=ice-ufrag:one\na=ice-ufrag:two")]
    [InlineData("a=ice-pwd:p\na=ice-pwd:q")]
    public void Malformed_IsRefused(string body) => Assert.False(TrickleFragment.TryParse(body, out _));

    [Fact]
    public void Limits_AreEnforced()
    {
        Assert.False(TrickleFragment.TryParse(new string('a', TrickleFragment.MaxLength + 1), out _));
        var lines = string.Concat(Enumerable.Repeat("a=candidate:1 1 udp 1 192.0.2.1 9 typ host\n", TrickleFragment.MaxLines + 1));
        Assert.False(TrickleFragment.TryParse(lines, out _));
        Assert.False(TrickleFragment.TryParse("a=ice-ufrag:" + new string('u', 257), out _));
    }

    [Fact]
    public void RandomText_NeverThrows() =>
        Gen.Char["a=ice-ufrag:pwdcn\r\n 0123456789+/-"].Array[0, 300].Select(c => new string(c))
            .Sample(text => ReadOrRefuse(text), iter: 5000);

    [Fact]
    public void Mutations_AndTruncations_OfTheExample_NeverThrow() =>
        Gen.Select(Gen.Int[0, RfcExample.Length - 1], Gen.Char, Gen.Int[0, RfcExample.Length])
            .Sample((position, replacement, cut) =>
            {
                var mutated = (RfcExample[..position] + replacement + RfcExample[(position + 1)..])[..cut];
                ReadOrRefuse(mutated);
            }, iter: 5000);

    /// <summary>A refusal leaves nothing behind; a read counts no more candidates than there are lines.</summary>
    private static void ReadOrRefuse(string text)
    {
        if (TrickleFragment.TryParse(text, out var fragment))
        {
            Assert.InRange(fragment.Candidates, 0, TrickleFragment.MaxLines);
        }
        else
        {
            Assert.Equal(default, fragment);
        }
    }

    [Fact]
    public void WrittenFragments_ReadBack()
    {
        var token = Gen.Char["ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"].Array[1, 64].Select(c => new string(c));
        Gen.Select(token, token, Gen.Int[0, 20], Gen.Bool, Gen.Bool)
            .Sample((ufrag, password, candidates, end, crlf) =>
            {
                var newline = crlf ? "\r\n" : "\n";
                var text = $"a=ice-ufrag:{ufrag}{newline}a=ice-pwd:{password}{newline}"
                    + string.Concat(Enumerable.Repeat($"a=candidate:1 1 udp 2122260223 192.0.2.1 61764 typ host{newline}", candidates))
                    + (end ? $"a=end-of-candidates{newline}" : string.Empty);
                Assert.True(TrickleFragment.TryParse(text, out var fragment));
                Assert.Equal(new TrickleFragment(ufrag, password, candidates, end), fragment);
            }, iter: 2000);
    }
}
