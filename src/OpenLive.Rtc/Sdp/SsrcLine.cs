using System.Diagnostics.CodeAnalysis;

namespace OpenLive.Rtc.Sdp;

/// <summary>
/// One <c>a=ssrc</c> line: an attribute of one RTP source (RFC 5576 §4.1).
/// <code>
/// ssrc-attr = "ssrc:" ssrc-id SP attribute
/// attribute = att-field [":" att-value]
/// a=ssrc:3735928559 cname:k2Jv9yH0pQ7rT3wZ
/// a=ssrc:3735928559 msid:stream track
/// </code>
/// Some stacks write a bare <c>a=ssrc:&lt;id&gt;</c>; its <see cref="Name"/> is empty.
/// </summary>
/// <param name="Ssrc">The synchronization source.</param>
/// <param name="Name">The source attribute's name: <c>cname</c>, <c>msid</c>, <c>mslabel</c>, <c>label</c>, …; empty for a bare line.</param>
/// <param name="Value">What follows the name's colon; null when there is no colon.</param>
public sealed record SsrcLine(uint Ssrc, string Name, string? Value = null)
{
    /// <summary>The name of the canonical end-point identifier attribute (RFC 5576 §6.1).</summary>
    public const string CName = "cname";

    internal static bool TryParse(ReadOnlySpan<char> value, [NotNullWhen(true)] out SsrcLine? line, [NotNullWhen(false)] out string? error)
    {
        line = null;
        var fields = new SdpFields(value);
        if (!fields.TryNext(out var id) || !SdpText.TryParseUInt32(id, out var ssrc))
        {
            error = "the ssrc must be a number 0-4294967295";
            return false;
        }

        var attribute = fields.Remaining;
        var hasValue = SdpText.TrySplit(attribute, ':', out var name, out var attributeValue);
        if (name.IsEmpty && hasValue)
        {
            error = "the source attribute has no name";
            return false;
        }

        line = new SsrcLine(ssrc, name.ToString(), hasValue ? attributeValue.ToString() : null);
        error = null;
        return true;
    }

    internal void Write(SdpTextWriter writer)
    {
        writer.Attribute("ssrc", ':').Number(Ssrc);
        if (Name.Length > 0)
        {
            writer.Space().Text(Name);
            if (Value is not null)
            {
                writer.Char(':').Text(Value);
            }
        }

        writer.End();
    }
}
