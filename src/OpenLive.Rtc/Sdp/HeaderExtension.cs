using System.Diagnostics.CodeAnalysis;

namespace OpenLive.Rtc.Sdp;

/// <summary>
/// <c>a=extmap</c>: an RTP header extension and the id it uses on the wire (RFC 8285 §5, grammar in §8).
/// <code>
/// extmap = mapentry ["/" direction] SP extensionname [SP extensionattributes]
/// a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01
/// a=extmap:2/recvonly urn:ietf:params:rtp-hdrext:csrc-audio-level
/// </code>
/// Ids are 1-14 in the one-byte form and 1-255 in the two-byte form (RFC 8285 §4.2, §4.3).
/// </summary>
/// <param name="Id">The local id, 1-255.</param>
/// <param name="Uri">The extension's URI (or URN), as written.</param>
/// <param name="Direction">The direction after the id, null when absent (then it follows the section's).</param>
/// <param name="Attributes">Extension attributes after the URI, verbatim; null when absent.</param>
public sealed record HeaderExtension(int Id, string Uri, MediaDirection? Direction = null, string? Attributes = null)
{
    /// <summary>The highest id the one-byte header form can carry (15 is reserved, RFC 8285 §4.2).</summary>
    public const int MaxOneByteId = 14;

    /// <summary>The highest id at all (two-byte form, RFC 8285 §4.3).</summary>
    public const int MaxId = 255;

    /// <summary>True when the id fits the one-byte header form.</summary>
    public bool FitsOneByteHeader => Id is >= 1 and <= MaxOneByteId;

    internal static bool TryParse(ReadOnlySpan<char> value, [NotNullWhen(true)] out HeaderExtension? extension, [NotNullWhen(false)] out string? error)
    {
        extension = null;
        var fields = new SdpFields(value);
        if (!fields.TryNext(out var mapEntry) || !fields.TryNext(out var uri))
        {
            error = "expected <id>[/<direction>] <uri>";
            return false;
        }

        MediaDirection? direction = null;
        if (SdpText.TrySplit(mapEntry, '/', out var id, out var directionToken))
        {
            if (!MediaDirections.TryParse(directionToken, out var parsed))
            {
                error = "the direction must be sendrecv, sendonly, recvonly or inactive";
                return false;
            }

            direction = parsed;
        }

        if (!SdpText.TryParseInt(id, 1, MaxId, out var number))
        {
            error = "the id must be 1-255";
            return false;
        }

        var attributes = fields.Remaining;
        extension = new HeaderExtension(number, uri.ToString(), direction, attributes.IsEmpty ? null : attributes.ToString());
        error = null;
        return true;
    }

    internal void Write(SdpTextWriter writer)
    {
        writer.Attribute("extmap", ':').Number(Id);
        if (Direction is { } direction)
        {
            writer.Char('/').Text(direction.ToToken());
        }

        writer.Space().Text(Uri);
        if (Attributes is not null)
        {
            writer.Space().Text(Attributes);
        }

        writer.End();
    }
}
