using CsCheck;
using OpenLive.Rtc.Sdp;
using static OpenLive.Rtc.Tests.Sdp.SdpTestText;

namespace OpenLive.Rtc.Tests.Sdp;

public sealed class SdpRoundTripTests
{
    /// <summary>What the writer normalizes: the space after "msid-semantic:", "s=" to "s= ", commas in ice-options.</summary>
    private static string Normalize(string line) => line switch
    {
        "s=" => "s= ",
        _ when line.StartsWith("a=msid-semantic: ", StringComparison.Ordinal) => "a=msid-semantic:" + line["a=msid-semantic: ".Length..],
        _ when line.StartsWith("a=ice-options:", StringComparison.Ordinal) => line.Replace(',', ' '),
        _ => line,
    };

    public static TheoryData<string> Fixtures() => [.. FixtureTexts()];

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Fixture_WrittenBack_KeepsEveryLine(string fixture)
    {
        var written = Parse(fixture).ToString();
        Assert.EndsWith("\r\n", written, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", written.Replace("\r\n", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Equal(
            Lines(fixture).Select(Normalize).Order(StringComparer.Ordinal),
            Lines(written).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Fixture_ParseOfWrite_EqualsParse(string fixture)
    {
        var parsed = Parse(fixture);
        var written = parsed.ToString();
        var again = Parse(written);
        StructuralAssert.Equal(parsed, again);
        Assert.Equal(written, again.ToString());
    }

    [Fact]
    public void AnyValidModel_ParseOfWrite_EqualsTheModel() =>
        Gen.Int.Sample(seed =>
        {
            var model = new SdpModelGenerator(seed).Session();
            var written = model.ToString();
            Assert.True(SessionDescription.TryParse(written, out var parsed, out var error), $"{error}\n{written}");
            StructuralAssert.Equal(model, parsed);
            Assert.Equal(written, parsed.ToString());
        }, iter: 500);

    [Fact]
    public void UnknownAttributes_KeepTheirValuesAndRelativeOrder()
    {
        var text = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=x-b:1\r\na=x-a\r\na=x-b: spaced  value\r\n"
            + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=ptime:20\r\na=rtpmap:111 opus/48000/2\r\na=maxptime:120\r\na=x-empty:\r\n";
        var sdp = Parse(text);
        Assert.Equal([new AttributeLine("x-b", "1"), new AttributeLine("x-a"), new AttributeLine("x-b", " spaced  value")], sdp.OtherAttributes);
        Assert.Equal([new AttributeLine("ptime", "20"), new AttributeLine("maxptime", "120"), new AttributeLine("x-empty", string.Empty)], sdp.Media[0].OtherAttributes);
        Assert.EndsWith("a=rtpmap:111 opus/48000/2\r\na=ptime:20\r\na=maxptime:120\r\na=x-empty:\r\n", sdp.ToString(), StringComparison.Ordinal);
        Assert.Contains("a=x-b:1\r\na=x-a\r\na=x-b: spaced  value\r\n", sdp.ToString(), StringComparison.Ordinal);
    }
}
