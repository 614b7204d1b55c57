namespace OpenLive.Rtc.Sdp;

/// <summary>
/// Writes a <see cref="SessionDescription"/> as canonical SDP: CRLF line endings, lines in the order of RFC 8866 §5,
/// attributes of a section in a fixed order close to what Chromium emits, unknown attributes last in their own order.
/// <code>
/// v= o= s= [i=] [u=] *e= *p= [c=] *b= 1*(t= *r=) [z=] [k=]
/// a=group a=extmap-allow-mixed a=msid-semantic a=ice-lite a=ice-ufrag a=ice-pwd a=ice-options a=fingerprint
/// a=setup a=end-of-candidates a=&lt;direction&gt; a=&lt;other&gt;
/// m= [i=] [c=] *b= [k=]
/// a=rtcp a=candidate a=end-of-candidates a=ice-ufrag a=ice-pwd a=ice-options a=ice-lite a=fingerprint a=setup
/// a=mid a=extmap a=extmap-allow-mixed a=&lt;direction&gt; a=msid a=rtcp-mux a=rtcp-rsize a=rtcp-fb:*
/// (a=rtpmap a=rtcp-fb a=fmtp)* a=ssrc-group a=ssrc a=rid a=simulcast a=sctp-port a=max-message-size a=&lt;other&gt;
/// </code>
/// </summary>
internal static class SdpWriter
{
    public static void Write(SessionDescription session, SdpTextWriter writer)
    {
        writer.Line('v').Number(session.Version).End();
        session.Origin.Write(writer);
        // RFC 8866 §5.3: a session without a name is written "s= " (one space).
        writer.Line('s').Text(session.SessionName.Length == 0 ? " " : session.SessionName).End();
        Optional(writer, 'i', session.Information);
        Optional(writer, 'u', session.UriReference);
        foreach (var email in session.Emails)
        {
            writer.Line('e').Text(email).End();
        }

        foreach (var phone in session.Phones)
        {
            writer.Line('p').Text(phone).End();
        }

        if (session.Connection is not null)
        {
            session.Connection.Write(writer.Line('c')).End();
        }

        foreach (var bandwidth in session.Bandwidths)
        {
            bandwidth.Write(writer);
        }

        foreach (var time in session.Times)
        {
            time.Write(writer);
        }

        Optional(writer, 'z', session.TimeZones);
        Optional(writer, 'k', session.EncryptionKey);
        foreach (var group in session.Groups)
        {
            group.Write(writer);
        }

        Flag(writer, "extmap-allow-mixed", session.ExtmapAllowMixed);
        session.MsidSemantic?.Write(writer);
        Flag(writer, "ice-lite", session.IceLite);
        WriteIceAndDtls(writer, session.IceUfrag, session.IcePwd, session.IceOptions, session.Fingerprints, session.Setup);
        Flag(writer, "end-of-candidates", session.EndOfCandidates);
        if (session.Direction is { } direction)
        {
            writer.Attribute(direction.ToToken()).End();
        }

        foreach (var attribute in session.OtherAttributes)
        {
            attribute.Write(writer);
        }

        foreach (var media in session.Media)
        {
            WriteMedia(writer, media);
        }
    }

    private static void WriteMedia(SdpTextWriter writer, MediaDescription media)
    {
        WriteMediaLine(writer, media);
        Optional(writer, 'i', media.Information);
        if (media.Connection is not null)
        {
            media.Connection.Write(writer.Line('c')).End();
        }

        foreach (var bandwidth in media.Bandwidths)
        {
            bandwidth.Write(writer);
        }

        Optional(writer, 'k', media.EncryptionKey);
        media.Rtcp?.Write(writer);
        foreach (var candidate in media.Candidates)
        {
            candidate.WriteValue(writer.Attribute("candidate", ':')).End();
        }

        Flag(writer, "end-of-candidates", media.EndOfCandidates);
        WriteIceAndDtls(writer, media.IceUfrag, media.IcePwd, media.IceOptions, media.Fingerprints, media.Setup);
        Flag(writer, "ice-lite", media.IceLite);
        if (media.Mid is not null)
        {
            writer.Attribute("mid", ':').Text(media.Mid).End();
        }

        foreach (var extension in media.HeaderExtensions)
        {
            extension.Write(writer);
        }

        Flag(writer, "extmap-allow-mixed", media.ExtmapAllowMixed);
        if (media.Direction is { } direction)
        {
            writer.Attribute(direction.ToToken()).End();
        }

        foreach (var msid in media.Msids)
        {
            msid.WriteValue(writer.Attribute("msid", ':')).End();
        }

        Flag(writer, "rtcp-mux", media.RtcpMux);
        Flag(writer, "rtcp-rsize", media.RtcpReducedSize);
        if (media.IsRtp)
        {
            foreach (var feedback in media.WildcardFeedback)
            {
                feedback.Write(writer, null);
            }

            foreach (var codec in media.Codecs)
            {
                codec.Write(writer);
            }
        }

        foreach (var group in media.SsrcGroups)
        {
            group.Write(writer);
        }

        foreach (var line in media.SsrcLines)
        {
            line.Write(writer);
        }

        foreach (var rid in media.Rids)
        {
            rid.Write(writer);
        }

        media.Simulcast?.Write(writer);
        if (media.SctpPort is { } sctpPort)
        {
            writer.Attribute("sctp-port", ':').Number(sctpPort).End();
        }

        if (media.MaxMessageSize is { } maxMessageSize)
        {
            writer.Attribute("max-message-size", ':').Number(maxMessageSize).End();
        }

        foreach (var attribute in media.OtherAttributes)
        {
            attribute.Write(writer);
        }
    }

    private static void WriteMediaLine(SdpTextWriter writer, MediaDescription media)
    {
        writer.Line('m').Text(media.Media).Space().Number(media.Port);
        if (media.PortCount is { } count)
        {
            writer.Char('/').Number(count);
        }

        writer.Space().Text(media.Protocol);
        if (media.IsRtp)
        {
            foreach (var codec in media.Codecs)
            {
                writer.Space().Number(codec.PayloadType);
            }
        }
        else
        {
            foreach (var format in media.Formats)
            {
                writer.Space().Text(format);
            }
        }

        writer.End();
    }

    private static void WriteIceAndDtls(SdpTextWriter writer, string? ufrag, string? password, List<string> options, List<Fingerprint> fingerprints, DtlsSetup? setup)
    {
        if (ufrag is not null)
        {
            writer.Attribute("ice-ufrag", ':').Text(ufrag).End();
        }

        if (password is not null)
        {
            writer.Attribute("ice-pwd", ':').Text(password).End();
        }

        if (options.Count > 0)
        {
            writer.Attribute("ice-options", ':').Join(options, ' ').End();
        }

        foreach (var fingerprint in fingerprints)
        {
            fingerprint.Write(writer);
        }

        if (setup is { } role)
        {
            writer.Attribute("setup", ':').Text(role.ToToken()).End();
        }
    }

    private static void Optional(SdpTextWriter writer, char type, string? value)
    {
        if (value is not null)
        {
            writer.Line(type).Text(value).End();
        }
    }

    private static void Flag(SdpTextWriter writer, string name, bool present)
    {
        if (present)
        {
            writer.Attribute(name).End();
        }
    }
}
