using System.Diagnostics.CodeAnalysis;

namespace OpenLive.Rtc.Sdp;

/// <summary>Whether a RID describes a stream this side sends or receives (RFC 8851 §4).</summary>
public enum RidDirection
{
    /// <summary><c>send</c>.</summary>
    Send,

    /// <summary><c>recv</c>.</summary>
    Receive,
}

/// <summary>
/// <c>a=rid</c>: one RTP stream (a simulcast layer, say) and the limits on it (RFC 8851 §4, grammar in §10).
/// <code>
/// rid-syntax        = %s"a=rid:" rid-id SP rid-dir [ rid-pt-param-list / rid-param-list ]
/// rid-pt-param-list = SP rid-fmt-list *( ";" rid-param )
/// rid-param-list    = SP rid-param *( ";" rid-param )
/// rid-fmt-list      = %s"pt=" fmt *( "," fmt )
/// rid-param         = 1*(alpha-numeric / "-") [ "=" *( %x20-3A / %x3C-7E ) ]
/// a=rid:h send
/// a=rid:1 send pt=97;max-width=1280;max-height=720
/// </code>
/// </summary>
public sealed class RidDescription(string id, RidDirection direction)
{
    /// <summary>The RID: letters, digits, <c>-</c> and <c>_</c>.</summary>
    public string Id { get; } = id;

    /// <summary>Send or receive.</summary>
    public RidDirection Direction { get; } = direction;

    /// <summary>The <c>pt=</c> list: payload types this stream may use; empty means any.</summary>
    public List<int> PayloadTypes { get; } = [];

    /// <summary>The other restrictions (<c>max-width</c>, <c>max-height</c>, <c>max-fps</c>, <c>max-br</c>, …) in order.</summary>
    public List<RidRestriction> Restrictions { get; } = [];

    /// <summary>The value of a restriction, or null when absent or valueless.</summary>
    public string? GetRestriction(string name)
    {
        foreach (var restriction in Restrictions)
        {
            if (string.Equals(restriction.Name, name, StringComparison.Ordinal))
            {
                return restriction.Value;
            }
        }

        return null;
    }

    internal static bool TryParse(ReadOnlySpan<char> value, [NotNullWhen(true)] out RidDescription? rid, [NotNullWhen(false)] out string? error)
    {
        rid = null;
        var fields = new SdpFields(value);
        if (!fields.TryNext(out var id) || !SdpText.IsRidId(id))
        {
            error = "the rid must be letters, digits, '-' or '_'";
            return false;
        }

        if (!fields.TryNext(out var directionToken) || !TryParseDirection(directionToken, out var direction))
        {
            error = "the direction must be send or recv";
            return false;
        }

        var result = new RidDescription(id.ToString(), direction);
        var parameters = fields.Remaining;
        foreach (var range in parameters.Split(';'))
        {
            var parameter = parameters[range].Trim(' ');
            if (parameter.IsEmpty)
            {
                continue;
            }

            var hasValue = SdpText.TrySplit(parameter, '=', out var name, out var parameterValue);
            name = name.TrimEnd(' ');
            parameterValue = parameterValue.TrimStart(' ');
            if (name.SequenceEqual("pt"))
            {
                if (!TryParsePayloadTypes(parameterValue, result.PayloadTypes))
                {
                    error = "pt= must list payload types 0-127, once";
                    return false;
                }
            }
            else if (SdpText.IsToken(name))
            {
                result.Restrictions.Add(new RidRestriction(name.ToString(), hasValue ? parameterValue.ToString() : null));
            }
            else
            {
                error = "a restriction name must be a token";
                return false;
            }
        }

        rid = result;
        error = null;
        return true;
    }

    internal void Write(SdpTextWriter writer)
    {
        writer.Attribute("rid", ':').Text(Id).Space().Text(Direction == RidDirection.Send ? "send" : "recv");
        var separator = ' ';
        if (PayloadTypes.Count > 0)
        {
            writer.Space().Text("pt=");
            for (var i = 0; i < PayloadTypes.Count; i++)
            {
                if (i > 0)
                {
                    writer.Char(',');
                }

                writer.Number(PayloadTypes[i]);
            }

            separator = ';';
        }

        foreach (var restriction in Restrictions)
        {
            writer.Char(separator).Text(restriction.Name);
            if (restriction.Value is not null)
            {
                writer.Char('=').Text(restriction.Value);
            }

            separator = ';';
        }

        writer.End();
    }

    internal static bool TryParseDirection(ReadOnlySpan<char> token, out RidDirection direction)
    {
        direction = token.SequenceEqual("recv") ? RidDirection.Receive : RidDirection.Send;
        return token.SequenceEqual("send") || token.SequenceEqual("recv");
    }

    private static bool TryParsePayloadTypes(ReadOnlySpan<char> list, List<int> payloadTypes)
    {
        if (payloadTypes.Count > 0 || list.IsEmpty)
        {
            return false;
        }

        foreach (var range in list.Split(','))
        {
            if (!SdpText.TryParsePayloadType(list[range].Trim(' '), out var payloadType))
            {
                return false;
            }

            payloadTypes.Add(payloadType);
        }

        return true;
    }
}

/// <summary>One <c>name[=value]</c> restriction of an <c>a=rid</c> line.</summary>
/// <param name="Name">The restriction name, e.g. <c>max-width</c>.</param>
/// <param name="Value">Its value; null when written without <c>=</c>.</param>
public sealed record RidRestriction(string Name, string? Value);
