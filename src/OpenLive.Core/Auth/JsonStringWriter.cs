using System.Text;

namespace OpenLive.Core.Auth;

/// <summary>Writes a JSON string body (RFC 8259 §7): quote, backslash and control characters escaped, the rest as UTF-8.</summary>
internal static class JsonStringWriter
{
    /// <summary>Writes <paramref name="value"/> escaped; <paramref name="destination"/> needs 6 bytes per UTF-16 unit at most.</summary>
    public static int WriteEscaped(string value, Span<byte> destination)
    {
        var n = 0;
        var start = 0;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c >= 0x20 && c != '"' && c != '\\')
            {
                continue;
            }

            n += Encoding.UTF8.GetBytes(value.AsSpan(start, i - start), destination[n..]);
            destination[n++] = (byte)'\\';
            switch (c)
            {
                case '"': destination[n++] = (byte)'"'; break;
                case '\\': destination[n++] = (byte)'\\'; break;
                case '\n': destination[n++] = (byte)'n'; break;
                case '\r': destination[n++] = (byte)'r'; break;
                case '\t': destination[n++] = (byte)'t'; break;
                default:
                    destination[n++] = (byte)'u';
                    destination[n++] = (byte)'0';
                    destination[n++] = (byte)'0';
                    destination[n++] = (byte)"0123456789abcdef"[c >> 4];
                    destination[n++] = (byte)"0123456789abcdef"[c & 0xF];
                    break;
            }

            start = i + 1;
        }

        n += Encoding.UTF8.GetBytes(value.AsSpan(start), destination[n..]);
        return n;
    }
}
