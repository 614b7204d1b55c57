using System.Text;
using OpenLive.Fuzz.Tests.Engine;
using OpenLive.Rtc.Sdp;
using OpenLive.Rtc.Tests.Sdp;

namespace OpenLive.Fuzz.Tests.Targets;

/// <summary>
/// The SDP parser as the signaling and WHIP/WHEP endpoints run it on offers and answers (a WHIP/WHEP POST body is an
/// SDP offer). Seeds are Chromium and Firefox offers, a Chromium answer and a WHEP receive-only offer; mutations
/// work on the UTF-8 bytes, so lines, numbers, separators and line endings all get cut, doubled and bent.
/// </summary>
internal sealed class SdpTarget : FuzzTarget<string>
{
    public override string Name => "SDP (signaling, WHIP/WHEP bodies)";

    protected override IReadOnlyList<byte[]> Seeds { get; } =
    [
        .. new[] { BrowserFixtures.ChromiumOffer, BrowserFixtures.ChromiumAnswer, BrowserFixtures.FirefoxOffer, BrowserFixtures.WhepRecvOnlyOffer }
            .Select(text => Encoding.UTF8.GetBytes(text.ReplaceLineEndings("\r\n"))),
        "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n"u8.ToArray(),
    ];

    protected override int MaxRandomLength => 4096;

    // The model costs a bounded multiple of the text: strings for values, a few objects per line.
    protected override long AllocationBound(int inputLength) => 256 * 1024 + (64L * inputLength);

    protected override string Prepare(byte[] bytes) => Encoding.UTF8.GetString(bytes);

    protected override void Parse(string input) => _ = SdpParser.TryParse(input, out _, out _);
}
