using System.Text;

namespace OpenLive.Rtc.Sdp;

/// <summary>
/// The parameters of an <c>a=fmtp</c> line (RFC 8866 §6.15): the raw string, which is what gets written back, and
/// its <c>name=value</c> pairs in order. Most codecs separate pairs with <c>;</c> (RFC 7587 §7 for Opus,
/// RFC 6184 §8.1 for H.264); a pair without <c>=</c> (telephone-event's <c>0-15</c>) has a null value.
/// <code>
/// a=fmtp:&lt;format&gt; &lt;format specific parameters&gt;
/// a=fmtp:111 minptime=10;useinbandfec=1
/// a=fmtp:102 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f
/// </code>
/// </summary>
public sealed class FormatParameters : IEquatable<FormatParameters>
{
    /// <summary>Parameters from their raw text, as it follows the format in <c>a=fmtp</c>.</summary>
    public FormatParameters(string raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        Raw = raw.Trim(' ');
        Items = Split(Raw);
    }

    /// <summary>Parameters from pairs, written <c>name=value</c> (or just <c>name</c>) joined by <c>;</c>.</summary>
    public FormatParameters(IEnumerable<FormatParameter> items)
        : this(Join(items))
    {
    }

    /// <summary>The text after the format, verbatim (trimmed of spaces).</summary>
    public string Raw { get; }

    /// <summary>The <c>;</c>-separated pairs, trimmed, empty ones skipped.</summary>
    public IReadOnlyList<FormatParameter> Items { get; }

    /// <summary>The value of the first parameter named <paramref name="name"/> (names compare case-insensitively, RFC 6838 §4.3).</summary>
    public bool TryGetValue(string name, out string? value)
    {
        foreach (var item in Items)
        {
            if (string.Equals(item.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                value = item.Value;
                return true;
            }
        }

        value = null;
        return false;
    }

    /// <summary>The value of <paramref name="name"/>, or null when it is absent or has none.</summary>
    public string? this[string name] => TryGetValue(name, out var value) ? value : null;

    /// <summary>The value of <paramref name="name"/> as a non-negative integer (e.g. <c>apt</c>, <c>packetization-mode</c>).</summary>
    public bool TryGetInt(string name, out int value)
    {
        value = 0;
        return TryGetValue(name, out var text) && text is not null && SdpText.TryParseInt(text, 0, int.MaxValue, out value);
    }

    /// <summary>Same raw text.</summary>
    public bool Equals(FormatParameters? other) => other is not null && string.Equals(Raw, other.Raw, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as FormatParameters);

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Raw);

    /// <summary>The raw text.</summary>
    public override string ToString() => Raw;

    private static List<FormatParameter> Split(string raw)
    {
        var items = new List<FormatParameter>();
        foreach (var range in raw.AsSpan().Split(';'))
        {
            var piece = raw.AsSpan(range).Trim(' ');
            if (piece.IsEmpty)
            {
                continue;
            }

            items.Add(SdpText.TrySplit(piece, '=', out var name, out var value)
                ? new FormatParameter(name.TrimEnd(' ').ToString(), value.TrimStart(' ').ToString())
                : new FormatParameter(piece.ToString(), null));
        }

        return items;
    }

    private static string Join(IEnumerable<FormatParameter> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var text = new StringBuilder();
        foreach (var item in items)
        {
            if (text.Length > 0)
            {
                text.Append(';');
            }

            text.Append(item.Name);
            if (item.Value is not null)
            {
                text.Append('=').Append(item.Value);
            }
        }

        return text.ToString();
    }
}

/// <summary>One <c>name=value</c> of an <c>a=fmtp</c> line.</summary>
/// <param name="Name">The parameter name.</param>
/// <param name="Value">The value; null for a bare item such as <c>0-15</c>.</param>
public sealed record FormatParameter(string Name, string? Value);
