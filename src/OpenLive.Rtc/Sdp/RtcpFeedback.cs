using System.Diagnostics.CodeAnalysis;

namespace OpenLive.Rtc.Sdp;

/// <summary>
/// One <c>a=rtcp-fb</c> feedback type for a codec, or for every codec when written with <c>*</c> (RFC 4585 §4.2).
/// <code>
/// rtcp-fb-syntax = "a=rtcp-fb:" rtcp-fb-pt SP rtcp-fb-val
/// rtcp-fb-pt     = "*" / fmt
/// a=rtcp-fb:96 nack pli
/// a=rtcp-fb:96 transport-cc
/// </code>
/// </summary>
/// <param name="Type">The feedback type: <c>nack</c>, <c>ccm</c>, <c>goog-remb</c>, <c>transport-cc</c>, …</param>
/// <param name="Parameter">What follows the type (<c>pli</c>, <c>fir</c>, …); null when nothing does.</param>
public sealed record RtcpFeedback(string Type, string? Parameter = null)
{
    /// <summary><c>nack</c>: generic NACK, the retransmission request (RFC 4585 §6.2.1).</summary>
    public static RtcpFeedback Nack { get; } = new("nack");

    /// <summary><c>nack pli</c>: picture loss indication (RFC 4585 §6.3.1).</summary>
    public static RtcpFeedback PictureLoss { get; } = new("nack", "pli");

    /// <summary><c>ccm fir</c>: full intra request (RFC 5104 §7.1).</summary>
    public static RtcpFeedback FullIntraRequest { get; } = new("ccm", "fir");

    /// <summary><c>transport-cc</c>: transport-wide congestion control feedback.</summary>
    public static RtcpFeedback TransportCc { get; } = new("transport-cc");

    /// <summary><c>goog-remb</c>: receiver estimated maximum bitrate.</summary>
    public static RtcpFeedback GoogRemb { get; } = new("goog-remb");

    /// <summary>Parses what follows the payload type.</summary>
    internal static bool TryParse(ReadOnlySpan<char> value, [NotNullWhen(true)] out RtcpFeedback? feedback)
    {
        feedback = null;
        var fields = new SdpFields(value);
        if (!fields.TryNext(out var type) || !SdpText.IsToken(type))
        {
            return false;
        }

        var parameter = fields.Remaining;
        feedback = new RtcpFeedback(type.ToString(), parameter.IsEmpty ? null : parameter.ToString());
        return true;
    }

    /// <summary>Writes the line for one payload type, or for all (<c>*</c>) when it is null.</summary>
    internal void Write(SdpTextWriter writer, int? payloadType)
    {
        writer.Attribute("rtcp-fb", ':');
        _ = payloadType is { } pt ? writer.Number(pt) : writer.Char('*');
        writer.Space().Text(Type);
        if (Parameter is not null)
        {
            writer.Space().Text(Parameter);
        }

        writer.End();
    }
}
