namespace OpenLive.Rtc.Sdp;

/// <summary>
/// Attaches <c>a=rtpmap</c>, <c>a=fmtp</c> and <c>a=rtcp-fb</c> lines to the codecs an RTP m= line listed, in
/// whatever order they come (Firefox writes fmtp before rtpmap). A line for a payload type the m= line does not list
/// is kept verbatim, as Chromium ignores it.
/// <code>
/// a=rtpmap:&lt;payload type&gt; &lt;encoding name&gt;/&lt;clock rate&gt;[/&lt;encoding parameters&gt;]   (RFC 8866 §6.6)
/// a=fmtp:&lt;format&gt; &lt;format specific parameters&gt;                                      (RFC 8866 §6.15)
/// a=rtcp-fb:&lt;payload type | *&gt; &lt;type&gt; [&lt;parameter&gt;]                              (RFC 4585 §4.2)
/// </code>
/// </summary>
internal static class SdpCodecAttributes
{
    public static string? Apply(MediaDescription media, ReadOnlySpan<char> name, ReadOnlySpan<char> value)
    {
        var fields = new SdpFields(value);
        fields.TryNext(out var format);
        var rest = fields.Remaining;
        if (name.SequenceEqual("rtcp-fb") && format.SequenceEqual("*"))
        {
            return AddFeedback(media.WildcardFeedback, rest);
        }

        if (!SdpText.TryParsePayloadType(format, out var payloadType))
        {
            return "the payload type must be 0-127";
        }

        var codec = media.FindCodec(payloadType);
        if (codec is null)
        {
            media.OtherAttributes.Add(new AttributeLine(name.ToString(), value.ToString()));
            return null;
        }

        switch (name)
        {
            case "rtpmap":
            {
                if (codec.Name is not null)
                {
                    return $"payload type {payloadType} is mapped twice";
                }

                if (!RtpCodec.TryParseMap(rest, out var encodingName, out var clockRate, out var channels, out var reason))
                {
                    return reason;
                }

                codec.Name = encodingName;
                codec.ClockRate = clockRate;
                codec.Channels = channels;
                return null;
            }

            case "fmtp":
                // Several fmtp lines for one payload type (libdatachannel can write them) add up to one parameter list.
                codec.Parameters = new FormatParameters(codec.Parameters is not { Raw.Length: > 0 } ? rest.ToString()
                    : rest.IsEmpty ? codec.Parameters.Raw
                    : $"{codec.Parameters.Raw};{rest}");
                return null;
            default:
                return AddFeedback(codec.Feedback, rest);
        }
    }

    private static string? AddFeedback(List<RtcpFeedback> feedback, ReadOnlySpan<char> value)
    {
        if (!RtcpFeedback.TryParse(value, out var entry))
        {
            return "expected <type> [<parameter>]";
        }

        feedback.Add(entry);
        return null;
    }
}
