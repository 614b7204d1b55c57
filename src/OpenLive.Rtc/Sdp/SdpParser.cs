using System.Diagnostics.CodeAnalysis;

namespace OpenLive.Rtc.Sdp;

/// <summary>
/// Reads SDP text into a <see cref="SessionDescription"/>, one line at a time (RFC 8866 §5, grammar §9):
/// <code>
/// session-description = v= o= s= [i=] [u=] *e= *p= [c=] *b= 1*( t= *r= ) [z=] [k=] *a= *media-description
/// media-description   = m= [i=] [c=] *b= [k=] *a=
/// line                = type "=" value CRLF          ; type is one lower-case letter
/// </code>
/// Liberal where it costs nothing (bare LF, blank lines, trailing spaces, session lines in any order, unknown line
/// types ignored, unknown attributes kept); strict where a wrong value would mislead the SFU. Never throws: every
/// failure is a message naming the line.
/// </summary>
internal sealed class SdpParser
{
    private readonly SessionDescription session = new();
    private MediaDescription? media;
    private SeenLines sessionSeen;
    private SeenLines mediaSeen;
    private int attributeCount;
    private int lineNumber;
    private string? error;

    public static bool TryParse(string? sdp, [NotNullWhen(true)] out SessionDescription? description, [NotNullWhen(false)] out string? error)
    {
        description = null;
        if (sdp is null)
        {
            error = "no SDP";
            return false;
        }

        if (sdp.Length > SdpLimits.MaxLength)
        {
            error = $"the SDP is longer than {SdpLimits.MaxLength} characters";
            return false;
        }

        var parser = new SdpParser();
        parser.session.Times.Clear();
        if (!parser.ParseLines(sdp) || !parser.Finish())
        {
            error = parser.error ?? "invalid SDP";
            return false;
        }

        description = parser.session;
        error = null;
        return true;
    }

    private bool ParseLines(string sdp)
    {
        var rest = sdp.AsSpan();
        while (!rest.IsEmpty)
        {
            lineNumber++;
            var end = rest.IndexOf('\n');
            var line = end < 0 ? rest : rest[..end];
            rest = end < 0 ? default : rest[(end + 1)..];
            if (line.EndsWith('\r'))
            {
                line = line[..^1];
            }

            line = line.TrimEnd(" \t");
            if (!line.IsEmpty && !ParseLine(line))
            {
                return false;
            }
        }

        return true;
    }

    private bool ParseLine(ReadOnlySpan<char> line)
    {
        if (line.Length < 2 || line[1] != '=' || line[0] is < 'a' or > 'z')
        {
            return Fail("expected <type>=<value> with a lower-case letter as the type");
        }

        if (SdpText.HasLineBreak(line))
        {
            return Fail("the line contains a CR or NUL character");
        }

        var type = line[0];
        var value = line[2..];
        if (sessionSeen == SeenLines.None && type != 'v')
        {
            return Fail("an SDP must start with v=0");
        }

        return type switch
        {
            'm' => StartMedia(value),
            'a' => Attribute(value),
            _ => media is null ? SessionLine(type, value) : MediaLine(media, type, value),
        };
    }

    private bool SessionLine(char type, ReadOnlySpan<char> value)
    {
        switch (type)
        {
            case 'v':
                return Once(ref sessionSeen, SeenLines.Version, type) && (value.SequenceEqual("0") || Fail("v= must be 0"));
            case 'o':
            {
                if (!Once(ref sessionSeen, SeenLines.Origin, type))
                {
                    return false;
                }

                if (!Origin.TryParse(value, out var origin, out var reason))
                {
                    return Fail(reason);
                }

                session.Origin = origin;
                return true;
            }

            case 's':
                session.SessionName = value.ToString();
                return Once(ref sessionSeen, SeenLines.SessionName, type);
            case 'i':
                session.Information = value.ToString();
                return Once(ref sessionSeen, SeenLines.Information, type);
            case 'u':
                session.UriReference = value.ToString();
                return Once(ref sessionSeen, SeenLines.Uri, type);
            case 'e':
                session.Emails.Add(value.ToString());
                return true;
            case 'p':
                session.Phones.Add(value.ToString());
                return true;
            case 'c':
            {
                if (!Once(ref sessionSeen, SeenLines.Connection, type))
                {
                    return false;
                }

                session.Connection = ConnectionData.TryParse(value, out var connection) ? connection : null;
                return connection is not null || Fail("c= needs <nettype> <addrtype> <address>");
            }

            case 'b':
            {
                if (!Bandwidth.TryParse(value, out var bandwidth))
                {
                    return Fail("b= needs <bwtype>:<number>");
                }

                session.Bandwidths.Add(bandwidth);
                return true;
            }

            case 't':
            {
                if (!TimeDescription.TryParse(value, out var time))
                {
                    return Fail("t= needs <start-time> <stop-time>, both numbers");
                }

                sessionSeen |= SeenLines.Time;
                session.Times.Add(time);
                return true;
            }

            case 'r':
                if (session.Times.Count == 0)
                {
                    return Fail("r= must follow a t= line");
                }

                session.Times[^1].Repeats.Add(value.ToString());
                return true;
            case 'z':
                session.TimeZones = value.ToString();
                return Once(ref sessionSeen, SeenLines.TimeZones, type);
            case 'k':
                session.EncryptionKey = value.ToString();
                return Once(ref sessionSeen, SeenLines.Key, type);
            default:
                // RFC 8866 §5: a parser ignores line types it does not understand.
                return true;
        }
    }

    private bool MediaLine(MediaDescription section, char type, ReadOnlySpan<char> value)
    {
        switch (type)
        {
            case 'i':
                section.Information = value.ToString();
                return Once(ref mediaSeen, SeenLines.Information, type);
            case 'c':
            {
                if (!Once(ref mediaSeen, SeenLines.Connection, type))
                {
                    return false;
                }

                section.Connection = ConnectionData.TryParse(value, out var connection) ? connection : null;
                return connection is not null || Fail("c= needs <nettype> <addrtype> <address>");
            }

            case 'b':
            {
                if (!Bandwidth.TryParse(value, out var bandwidth))
                {
                    return Fail("b= needs <bwtype>:<number>");
                }

                section.Bandwidths.Add(bandwidth);
                return true;
            }

            case 'k':
                section.EncryptionKey = value.ToString();
                return Once(ref mediaSeen, SeenLines.Key, type);
            case 'v' or 'o' or 's' or 'u' or 'e' or 'p' or 't' or 'r' or 'z':
                return Fail($"{type}= belongs before the first m= line");
            default:
                return true;
        }
    }

    /// <summary>
    /// <code>
    /// m=&lt;media&gt; &lt;port&gt;[/&lt;number of ports&gt;] &lt;proto&gt; &lt;fmt&gt; ...   (RFC 8866 §5.14)
    /// </code>
    /// </summary>
    private bool StartMedia(ReadOnlySpan<char> value)
    {
        if (session.Media.Count == SdpLimits.MaxMediaSections)
        {
            return Fail($"more than {SdpLimits.MaxMediaSections} m= sections");
        }

        var fields = new SdpFields(value);
        if (!fields.TryNext(out var mediaToken) || !SdpText.IsToken(mediaToken))
        {
            return Fail("m= must start with a media token");
        }

        if (!fields.TryNext(out var portField))
        {
            return Fail("m= has no port");
        }

        int? portCount = null;
        if (SdpText.TrySplit(portField, '/', out var portText, out var countText))
        {
            if (!SdpText.TryParseInt(countText, 1, 65535, out var count))
            {
                return Fail("m= number of ports must be 1-65535");
            }

            portCount = count;
        }

        if (!SdpText.TryParsePort(portText, out var port))
        {
            return Fail("m= port must be 0-65535");
        }

        if (!fields.TryNext(out var protocol) || !IsProtocol(protocol))
        {
            return Fail("m= protocol must be tokens separated by '/'");
        }

        var section = new MediaDescription(mediaToken.ToString(), port, protocol.ToString()) { PortCount = portCount };
        var isRtp = MediaDescription.IsRtpProtocol(protocol);
        while (fields.TryNext(out var format))
        {
            if (!isRtp)
            {
                if (!SdpText.IsToken(format))
                {
                    return Fail("m= formats must be tokens");
                }

                section.Formats.Add(format.ToString());
            }
            else if (!SdpText.TryParsePayloadType(format, out var payloadType))
            {
                return Fail("m= payload types must be 0-127");
            }
            else if (section.FindCodec(payloadType) is not null)
            {
                return Fail($"m= lists payload type {payloadType} twice");
            }
            else
            {
                section.Codecs.Add(new RtpCodec(payloadType));
            }
        }

        session.Media.Add(section);
        media = section;
        mediaSeen = SeenLines.None;
        attributeCount = 0;
        return true;
    }

    private bool Attribute(ReadOnlySpan<char> line)
    {
        if (++attributeCount > SdpLimits.MaxAttributesPerSection)
        {
            return Fail($"more than {SdpLimits.MaxAttributesPerSection} attributes in one section");
        }

        var hasValue = SdpText.TrySplit(line, ':', out var name, out var value);
        if (name.IsEmpty)
        {
            return Fail("a= has no attribute name");
        }

        var reason = media is null
            ? SdpSessionAttributes.Apply(session, name, hasValue, value, ref sessionSeen)
            : SdpMediaAttributes.Apply(media, name, hasValue, value, ref mediaSeen);
        return reason is null || Fail($"a={name}: {reason}");
    }

    private bool Finish()
    {
        if (sessionSeen == SeenLines.None)
        {
            error = "the SDP is empty";
            return false;
        }

        var missing = (sessionSeen & SeenLines.Origin) == 0 ? "o="
            : (sessionSeen & SeenLines.SessionName) == 0 ? "s="
            : (sessionSeen & SeenLines.Time) == 0 ? "t="
            : null;
        if (missing is not null)
        {
            error = $"the session has no {missing} line";
            return false;
        }

        for (var i = 0; i < session.Media.Count; i++)
        {
            var mid = session.Media[i].Mid;
            for (var j = i + 1; mid is not null && j < session.Media.Count; j++)
            {
                if (string.Equals(mid, session.Media[j].Mid, StringComparison.Ordinal))
                {
                    error = $"m= sections {i + 1} and {j + 1} share the mid {mid}";
                    return false;
                }
            }
        }

        return true;
    }

    private bool Once(ref SeenLines seen, SeenLines line, char type) =>
        SdpAttributeRules.TryMark(ref seen, line) || Fail($"{type}= appears twice");

    private static bool IsProtocol(ReadOnlySpan<char> protocol)
    {
        foreach (var range in protocol.Split('/'))
        {
            if (!SdpText.IsToken(protocol[range]))
            {
                return false;
            }
        }

        return true;
    }

    private bool Fail(string reason)
    {
        error = $"line {lineNumber}: {reason}";
        return false;
    }
}
