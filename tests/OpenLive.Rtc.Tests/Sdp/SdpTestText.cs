using OpenLive.Rtc.Sdp;

namespace OpenLive.Rtc.Tests.Sdp;

/// <summary>Helpers for turning fixtures into wire text and back.</summary>
internal static class SdpTestText
{
    /// <summary>The fixture with CRLF after every line, as it travels.</summary>
    public static string Crlf(string lfText) => lfText.ReplaceLineEndings("\r\n") + "\r\n";

    /// <summary>The fixture with bare LF after every line.</summary>
    public static string Lf(string lfText) => lfText.ReplaceLineEndings("\n") + "\n";

    /// <summary>Parses or fails the test with the parser's message.</summary>
    public static SessionDescription Parse(string sdp)
    {
        Assert.True(SessionDescription.TryParse(sdp, out var description, out var error), error);
        return description;
    }

    /// <summary>The lines of an SDP without their endings, blank ones dropped.</summary>
    public static string[] Lines(string sdp) =>
        sdp.Split('\n').Select(line => line.TrimEnd('\r')).Where(line => line.Length > 0).ToArray();

    public static SessionDescription[] AllFixtures() =>
    [
        .. FixtureTexts().Select(Parse),
    ];

    public static string[] FixtureTexts() =>
    [
        BrowserFixtures.ChromiumOffer,
        BrowserFixtures.ChromiumAnswer,
        BrowserFixtures.FirefoxOffer,
        BrowserFixtures.WhepRecvOnlyOffer,
        ServerFixtures.WeriftOffer,
        ServerFixtures.LibWebRtcNodeOffer,
        ServerFixtures.WhipObsOffer,
        ServerFixtures.SfuAnswer,
        RfcFixtures.Rfc8866Example,
        RfcFixtures.Rfc8839Example,
        RfcFixtures.Rfc8853Example,
    ];
}
