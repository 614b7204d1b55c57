using System.Buffers;
using System.Globalization;

namespace OpenLive.Rtc.Sdp;

/// <summary>Character classes and bounded number parsing shared by the SDP grammars.</summary>
internal static class SdpText
{
    /// <summary>
    /// RFC 8866 §9: <c>token-char = %x21 / %x23-27 / %x2A-2B / %x2D-2E / %x30-39 / %x41-5A / %x5E-7E</c>.
    /// </summary>
    private static readonly SearchValues<char> TokenChars =
        SearchValues.Create("!#$%&'*+-.0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ^_`abcdefghijklmnopqrstuvwxyz{|}~");

    /// <summary>RFC 8839 §5.1: <c>ice-char = ALPHA / DIGIT / "+" / "/"</c>.</summary>
    private static readonly SearchValues<char> IceChars =
        SearchValues.Create("+/0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    /// <summary>RFC 8851 §10: <c>rid-id = 1*(alpha-numeric / "-" / "_")</c>.</summary>
    private static readonly SearchValues<char> RidChars =
        SearchValues.Create("-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz");

    /// <summary>Characters no SDP value may hold: they would end the line (RFC 8866 §9, <c>byte-string</c>).</summary>
    private static readonly SearchValues<char> LineBreaks = SearchValues.Create("\r\n\0");

    public static bool IsToken(ReadOnlySpan<char> text) => !text.IsEmpty && !text.ContainsAnyExcept(TokenChars);

    public static bool IsIceChars(ReadOnlySpan<char> text) => !text.IsEmpty && !text.ContainsAnyExcept(IceChars);

    public static bool IsRidId(ReadOnlySpan<char> text) => !text.IsEmpty && !text.ContainsAnyExcept(RidChars);

    public static bool HasLineBreak(ReadOnlySpan<char> text) => text.ContainsAny(LineBreaks);

    /// <summary>Digits only (no sign, no spaces), within [min, max].</summary>
    public static bool TryParseInt(ReadOnlySpan<char> text, int min, int max, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= min && value <= max;

    /// <summary>Digits only, within 0..2^32-1.</summary>
    public static bool TryParseUInt32(ReadOnlySpan<char> text, out uint value) =>
        uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);

    /// <summary>Digits only, within 0..2^64-1.</summary>
    public static bool TryParseUInt64(ReadOnlySpan<char> text, out ulong value) =>
        ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);

    /// <summary>An RTP payload type: 0-127 (RFC 3550 §5.1, 7 bits).</summary>
    public static bool TryParsePayloadType(ReadOnlySpan<char> text, out int payloadType) =>
        TryParseInt(text, 0, 127, out payloadType);

    /// <summary>A transport port: 0-65535.</summary>
    public static bool TryParsePort(ReadOnlySpan<char> text, out int port) => TryParseInt(text, 0, 65535, out port);

    /// <summary>Splits at the first <paramref name="separator"/>; false (and all of it in head) when there is none.</summary>
    public static bool TrySplit(ReadOnlySpan<char> text, char separator, out ReadOnlySpan<char> head, out ReadOnlySpan<char> tail)
    {
        var at = text.IndexOf(separator);
        if (at < 0)
        {
            head = text;
            tail = default;
            return false;
        }

        head = text[..at];
        tail = text[(at + 1)..];
        return true;
    }
}

/// <summary>
/// Walks space-separated fields of an SDP value without allocating. Runs of spaces count as one separator: the
/// grammars say one SP, but being liberal here costs nothing and real stacks sometimes double them.
/// </summary>
internal ref struct SdpFields(ReadOnlySpan<char> text)
{
    private ReadOnlySpan<char> rest = text;

    /// <summary>Everything not yet read, without leading spaces.</summary>
    public readonly ReadOnlySpan<char> Remaining => rest.TrimStart(' ');

    public readonly bool IsEmpty => Remaining.IsEmpty;

    public bool TryNext(out ReadOnlySpan<char> field)
    {
        rest = rest.TrimStart(' ');
        if (rest.IsEmpty)
        {
            field = default;
            return false;
        }

        var end = rest.IndexOf(' ');
        if (end < 0)
        {
            field = rest;
            rest = default;
        }
        else
        {
            field = rest[..end];
            rest = rest[end..];
        }

        return true;
    }
}
