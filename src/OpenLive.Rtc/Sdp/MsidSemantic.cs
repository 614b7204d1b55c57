using System.Diagnostics.CodeAnalysis;

namespace OpenLive.Rtc.Sdp;

/// <summary>
/// <c>a=msid-semantic</c>, from the msid drafts before RFC 8830 and still sent by every browser; Chromium puts a space
/// after the colon.
/// <code>
/// a=msid-semantic:WMS *
/// a=msid-semantic: WMS 9a3f4c8e-5d2b-4c71
/// </code>
/// </summary>
public sealed class MsidSemantic(string semantics, IReadOnlyList<string> identifiers)
{
    /// <summary>The semantics, <c>WMS</c> in practice.</summary>
    public string Semantics { get; } = semantics;

    /// <summary>The stream ids, or <c>*</c>; may be empty.</summary>
    public IReadOnlyList<string> Identifiers { get; } = identifiers;

    internal static bool TryParse(ReadOnlySpan<char> value, [NotNullWhen(true)] out MsidSemantic? semantic)
    {
        semantic = null;
        var fields = new SdpFields(value);
        if (!fields.TryNext(out var semantics) || !SdpText.IsToken(semantics))
        {
            return false;
        }

        var identifiers = new List<string>();
        while (fields.TryNext(out var identifier))
        {
            identifiers.Add(identifier.ToString());
        }

        semantic = new MsidSemantic(semantics.ToString(), identifiers);
        return true;
    }

    internal void Write(SdpTextWriter writer)
    {
        writer.Attribute("msid-semantic", ':').Text(Semantics);
        foreach (var identifier in Identifiers)
        {
            writer.Space().Text(identifier);
        }

        writer.End();
    }
}
