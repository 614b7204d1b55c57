using System.Text;

namespace OpenLive.Rtc.Sdp;

/// <summary>
/// Appends SDP lines to a <see cref="StringBuilder"/>. Every free-text piece is checked for CR, LF and NUL so a value
/// taken from elsewhere (a user id in an msid, say) cannot smuggle extra lines into a description.
/// </summary>
internal readonly struct SdpTextWriter(StringBuilder builder)
{
    /// <summary>Starts a <c>&lt;type&gt;=</c> line.</summary>
    public SdpTextWriter Line(char type)
    {
        builder.Append(type).Append('=');
        return this;
    }

    /// <summary>Starts an <c>a=&lt;name&gt;</c> line.</summary>
    public SdpTextWriter Attribute(string name) => Line('a').Text(name);

    /// <summary>Starts an <c>a=&lt;name&gt;:</c> line whose value follows.</summary>
    public SdpTextWriter Attribute(string name, char separator) => Attribute(name).Char(separator);

    public SdpTextWriter Text(string text)
    {
        if (SdpText.HasLineBreak(text))
        {
            throw new ArgumentException($"An SDP value cannot contain CR, LF or NUL: \"{text.ReplaceLineEndings(" ")}\".", nameof(text));
        }

        builder.Append(text);
        return this;
    }

    /// <summary>Writes the items separated by <paramref name="separator"/>.</summary>
    public SdpTextWriter Join(IReadOnlyList<string> items, char separator)
    {
        for (var i = 0; i < items.Count; i++)
        {
            if (i > 0)
            {
                Char(separator);
            }

            Text(items[i]);
        }

        return this;
    }

    public SdpTextWriter Char(char c)
    {
        builder.Append(c);
        return this;
    }

    public SdpTextWriter Space() => Char(' ');

    public SdpTextWriter Number(int value)
    {
        builder.Append(value);
        return this;
    }

    public SdpTextWriter Number(uint value)
    {
        builder.Append(value);
        return this;
    }

    public SdpTextWriter Number(ulong value)
    {
        builder.Append(value);
        return this;
    }

    /// <summary>Ends the line with CRLF (RFC 8866 §5).</summary>
    public void End() => builder.Append("\r\n");
}
