using System.Diagnostics.CodeAnalysis;

namespace OpenLive.Rtc.Sdp;

/// <summary>
/// <c>a=ssrc-group</c>: sources that belong together, e.g. a stream and its retransmissions (RFC 5576 §4.2).
/// <code>
/// ssrc-group-attr = "ssrc-group:" semantics *(SP ssrc-id)
/// a=ssrc-group:FID 1111 2222        ; media, then RTX (RFC 5576 §7, RFC 4588)
/// a=ssrc-group:SIM 1 2 3            ; legacy simulcast layers
/// </code>
/// </summary>
public sealed class SsrcGroup(string semantics, IReadOnlyList<uint> ssrcs)
{
    /// <summary>Flow identification: primary then its repair flow (RFC 5888 §9, used with RTX by RFC 4588 §8).</summary>
    public const string FlowIdentification = "FID";

    /// <summary>Legacy (pre-RFC 8853) simulcast layers, lowest first.</summary>
    public const string Simulcast = "SIM";

    /// <summary>FEC repair flow (RFC 5956 §4.3).</summary>
    public const string ForwardErrorCorrection = "FEC-FR";

    /// <summary>The semantics: <c>FID</c>, <c>SIM</c>, <c>FEC-FR</c>, …</summary>
    public string Semantics { get; } = semantics;

    /// <summary>The sources, in order.</summary>
    public IReadOnlyList<uint> Ssrcs { get; } = ssrcs;

    internal static bool TryParse(ReadOnlySpan<char> value, [NotNullWhen(true)] out SsrcGroup? group, [NotNullWhen(false)] out string? error)
    {
        group = null;
        var fields = new SdpFields(value);
        if (!fields.TryNext(out var semantics) || !SdpText.IsToken(semantics))
        {
            error = "the semantics must be a token";
            return false;
        }

        var ssrcs = new List<uint>();
        while (fields.TryNext(out var id))
        {
            if (!SdpText.TryParseUInt32(id, out var ssrc))
            {
                error = "an ssrc must be a number 0-4294967295";
                return false;
            }

            ssrcs.Add(ssrc);
        }

        group = new SsrcGroup(semantics.ToString(), ssrcs);
        error = null;
        return true;
    }

    internal void Write(SdpTextWriter writer)
    {
        writer.Attribute("ssrc-group", ':').Text(Semantics);
        foreach (var ssrc in Ssrcs)
        {
            writer.Space().Number(ssrc);
        }

        writer.End();
    }
}
