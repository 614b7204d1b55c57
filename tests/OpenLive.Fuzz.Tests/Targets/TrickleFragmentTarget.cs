using System.Text;
using OpenLive.Fuzz.Tests.Engine;
using OpenLive.Server.Edges.HttpMedia;

namespace OpenLive.Fuzz.Tests.Targets;

/// <summary>
/// The WHIP/WHEP PATCH body (<c>application/trickle-ice-sdpfrag</c>, RFC 8840): <see cref="TrickleFragment.TryParse"/>.
/// Seeds are fragments as browsers trickle them: candidates only, an ICE restart with new credentials, end of
/// candidates.
/// </summary>
internal sealed class TrickleFragmentTarget : FuzzTarget<string>
{
    public override string Name => "Trickle ICE fragment (WHIP/WHEP PATCH)";

    protected override IReadOnlyList<byte[]> Seeds { get; } =
    [
        "a=ice-options:trickle ice2\r\na=group:BUNDLE 0 1\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:0\r\na=ice-ufrag:EsAw\r\na=ice-pwd:bP+XJMM09aR8AiX1jdukzR6Y\r\na=candidate:1387637174 1 udp 2122260223 192.0.2.1 61764 typ host generation 0 ufrag EsAw network-id 1\r\na=end-of-candidates\r\n"u8.ToArray(),
        "a=mid:0\na=candidate:842163049 1 udp 1686052607 203.0.113.7 61665 typ srflx raddr 0.0.0.0 rport 0\n"u8.ToArray(),
        "a=ice-ufrag:Zx9q\r\na=ice-pwd:Q2xhcmFiZWxsYUNhbmRpZGF0ZQ\r\n"u8.ToArray(),
        "a=end-of-candidates\r\n"u8.ToArray(),
    ];

    protected override int MaxRandomLength => 2048;

    // Only the ufrag and password become strings.
    protected override long AllocationBound(int inputLength) => 1024 + (4L * inputLength);

    protected override string Prepare(byte[] bytes) => Encoding.UTF8.GetString(bytes);

    protected override void Parse(string input) => _ = TrickleFragment.TryParse(input, out _);
}
