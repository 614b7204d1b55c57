namespace OpenLive.Rtc.Sdp;

/// <summary>
/// Bounds the parser enforces so a hostile description costs little: a Chromium offer with every codec is about
/// 5 KB per video section, so these leave room for large renegotiations and nothing more.
/// </summary>
public static class SdpLimits
{
    /// <summary>Longest description accepted, in characters.</summary>
    public const int MaxLength = 512 * 1024;

    /// <summary>Most m= sections in one description.</summary>
    public const int MaxMediaSections = 128;

    /// <summary>Most a= lines in the session part or in one media section.</summary>
    public const int MaxAttributesPerSection = 512;
}
