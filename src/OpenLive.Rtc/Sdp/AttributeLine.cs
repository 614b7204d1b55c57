namespace OpenLive.Rtc.Sdp;

/// <summary>
/// An a= line kept as written: attributes this model has no field for, so a description survives a round trip whole
/// (RFC 8866 §5.13).
/// <code>
/// a=&lt;attribute-name&gt;
/// a=&lt;attribute-name&gt;:&lt;attribute-value&gt;
/// </code>
/// </summary>
/// <param name="Name">The name, before the first colon.</param>
/// <param name="Value">Everything after the first colon; null for a property attribute (no colon at all).</param>
public sealed record AttributeLine(string Name, string? Value = null)
{
    /// <summary>The line without its line ending, e.g. <c>a=ptime:20</c>.</summary>
    public override string ToString() => Value is null ? $"a={Name}" : $"a={Name}:{Value}";

    internal static AttributeLine? Find(List<AttributeLine> attributes, string name)
    {
        foreach (var attribute in attributes)
        {
            if (string.Equals(attribute.Name, name, StringComparison.Ordinal))
            {
                return attribute;
            }
        }

        return null;
    }

    internal void Write(SdpTextWriter writer)
    {
        writer.Attribute(Name);
        if (Value is not null)
        {
            writer.Char(':').Text(Value);
        }

        writer.End();
    }
}
