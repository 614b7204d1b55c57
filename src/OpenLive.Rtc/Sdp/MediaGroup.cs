using System.Diagnostics.CodeAnalysis;

namespace OpenLive.Rtc.Sdp;

/// <summary>
/// <c>a=group</c>: m= sections grouped by their mids (RFC 5888 §5), e.g. BUNDLE (RFC 8843) or lip sync (LS).
/// <code>
/// group-attribute     = "a=group:" semantics *(SP identification-tag)
/// a=group:BUNDLE 0 1 2
/// </code>
/// </summary>
public sealed class MediaGroup(string semantics, IReadOnlyList<string> mids)
{
    /// <summary>The semantics of BUNDLE groups (RFC 8843 §7.1).</summary>
    public const string Bundle = "BUNDLE";

    /// <summary>The semantics: <c>BUNDLE</c>, <c>LS</c>, <c>FID</c>, …</summary>
    public string Semantics { get; } = semantics;

    /// <summary>The grouped sections' mids, in order; the first of a BUNDLE group is its tagged section.</summary>
    public IReadOnlyList<string> Mids { get; } = mids;

    internal static bool TryParse(ReadOnlySpan<char> value, [NotNullWhen(true)] out MediaGroup? group, [NotNullWhen(false)] out string? error)
    {
        group = null;
        var fields = new SdpFields(value);
        if (!fields.TryNext(out var semantics) || !SdpText.IsToken(semantics))
        {
            error = "the semantics must be a token";
            return false;
        }

        var mids = new List<string>();
        while (fields.TryNext(out var mid))
        {
            if (!SdpText.IsToken(mid))
            {
                error = "a mid must be a token";
                return false;
            }

            mids.Add(mid.ToString());
        }

        group = new MediaGroup(semantics.ToString(), mids);
        error = null;
        return true;
    }

    internal void Write(SdpTextWriter writer)
    {
        writer.Attribute("group", ':').Text(Semantics);
        foreach (var mid in Mids)
        {
            writer.Space().Text(mid);
        }

        writer.End();
    }
}
