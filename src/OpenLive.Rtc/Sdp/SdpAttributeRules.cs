namespace OpenLive.Rtc.Sdp;

/// <summary>The checks and reasons shared by the session and media attribute readers.</summary>
internal static class SdpAttributeRules
{
    public const string NeedsValue = "needs a value";

    /// <summary>Marks a line seen; false when it already was.</summary>
    public static bool TryMark(ref SeenLines seen, SeenLines line)
    {
        if ((seen & line) != 0)
        {
            return false;
        }

        seen |= line;
        return true;
    }

    /// <summary>A property attribute (no value) that may appear once.</summary>
    public static string? Flag(bool hasValue, ref SeenLines seen, SeenLines line) =>
        hasValue ? "takes no value" : TryMark(ref seen, line) ? null : "appears twice";

    /// <summary>A value attribute that may appear once.</summary>
    public static string? Single(bool hasValue, ref SeenLines seen, SeenLines line) =>
        !hasValue ? NeedsValue : TryMark(ref seen, line) ? null : "appears twice";

    /// <summary>RFC 8839 §5.4: <c>ice-ufrag = 4*256ice-char</c>.</summary>
    public static string? Ufrag(ReadOnlySpan<char> value) =>
        value.Length is >= 4 and <= 256 && SdpText.IsIceChars(value) ? null : "the ufrag must be 4-256 ICE characters";

    /// <summary>RFC 8839 §5.4: <c>ice-pwd = 22*256ice-char</c>.</summary>
    public static string? Password(ReadOnlySpan<char> value) =>
        value.Length is >= 22 and <= 256 && SdpText.IsIceChars(value) ? null : "the password must be 22-256 ICE characters";

    /// <summary>
    /// RFC 8839 §5.6: <c>ice-options = ice-option-tag *(SP ice-option-tag)</c>. Commas separate too: libdatachannel
    /// (OBS's WHIP output) writes <c>a=ice-options:ice2,trickle</c>.
    /// </summary>
    public static string? IceOptions(ReadOnlySpan<char> value, List<string> options)
    {
        foreach (var range in value.SplitAny(' ', ','))
        {
            var option = value[range];
            if (option.IsEmpty)
            {
                continue;
            }

            if (!SdpText.IsToken(option))
            {
                return "an option must be a token";
            }

            options.Add(option.ToString());
        }

        return options.Count > 0 ? null : "names no option";
    }

    /// <summary>RFC 4145 §4: <c>a=setup</c>, once, with a known role.</summary>
    public static string? Setup(bool hasValue, ReadOnlySpan<char> value, ref SeenLines seen, out DtlsSetup setup)
    {
        setup = default;
        return Single(hasValue, ref seen, SeenLines.Setup)
            ?? (DtlsSetupTokens.TryParse(value, out setup) ? null : "must be actpass, active, passive or holdconn");
    }
}
