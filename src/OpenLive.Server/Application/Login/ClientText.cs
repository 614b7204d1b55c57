using System.Globalization;
using System.Text;

namespace OpenLive.Server.Application.Login;

/// <summary>
/// Client-supplied text made safe for a log line: a user id before its userSig is verified, or a refusal detail that
/// quotes the ticket's <c>TLS.identifier</c>, may hold CR/LF (forged log lines), ANSI escape sequences (a terminal that
/// renders them) or bidi overrides (text that reads differently than it is). Control, format, separator and unpaired
/// surrogate characters become <c>\uXXXX</c> (CR, LF and tab as <c>\r</c>, <c>\n</c>, <c>\t</c>), a backslash is
/// doubled so the escapes stay unambiguous, and the result is cut at <see cref="MaxChars"/> with the rest counted.
/// As a log argument the value is escaped only when the line is written (<see cref="ToString"/>).
/// </summary>
internal readonly struct ClientText(string? text)
{
    /// <summary>Longest logged excerpt of one client-supplied value, in characters before escaping.</summary>
    public const int MaxChars = 96;

    /// <summary>The escaped, bounded text.</summary>
    public override string ToString() => ForLog(text);

    public static string ForLog(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        if (text.Length <= MaxChars && !NeedsEscaping(text))
        {
            return text; // the common case: no copy
        }

        var length = Math.Min(text.Length, MaxChars);
        var builder = new StringBuilder(length + 16);
        for (var i = 0; i < length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                if (i + 1 < length)
                {
                    builder.Append(c).Append(text[i + 1]);
                }

                i++; // a pair is kept or dropped whole, never split at the cut
                continue;
            }

            AppendEscaped(builder, c);
        }

        if (text.Length > length)
        {
            builder.Append(CultureInfo.InvariantCulture, $"…(+{text.Length - length} chars)");
        }

        return builder.ToString();
    }

    private static bool NeedsEscaping(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }

            if (c == '\\' || IsUnsafe(c))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsUnsafe(char c) =>
        char.IsSurrogate(c) || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.Control or UnicodeCategory.Format
            or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;

    private static void AppendEscaped(StringBuilder builder, char c)
    {
        switch (c)
        {
            case '\\':
                builder.Append(@"\\");
                break;
            case '\r':
                builder.Append(@"\r");
                break;
            case '\n':
                builder.Append(@"\n");
                break;
            case '\t':
                builder.Append(@"\t");
                break;
            default:
                if (IsUnsafe(c))
                {
                    builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
                }
                else
                {
                    builder.Append(c);
                }

                break;
        }
    }
}
