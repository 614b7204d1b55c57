namespace OpenLive.Rtc.Sdp;

/// <summary>
/// One m= section and its attributes (RFC 8866 §5.14 and the WebRTC attributes JSEP uses, RFC 8829 §5.2).
/// <code>
/// m=&lt;media&gt; &lt;port&gt;[/&lt;number of ports&gt;] &lt;proto&gt; &lt;fmt&gt; ...
/// m=video 9 UDP/TLS/RTP/SAVPF 96 97 98
/// m=application 9 UDP/DTLS/SCTP webrtc-datachannel
/// </code>
/// For RTP protocols the formats are payload types and live in <see cref="Codecs"/>; for others they are the
/// strings in <see cref="Formats"/>. Attributes without a property here are kept, in order, in
/// <see cref="OtherAttributes"/>.
/// </summary>
public sealed class MediaDescription
{
    /// <summary>The RTP/SAVPF profile over DTLS that WebRTC media uses (RFC 8829 §5.1.2).</summary>
    public const string RtpProtocol = "UDP/TLS/RTP/SAVPF";

    /// <summary>The SCTP-over-DTLS protocol of WebRTC data channels (RFC 8841 §4.1).</summary>
    public const string DataChannelProtocol = "UDP/DTLS/SCTP";

    /// <summary>The format of WebRTC data channel sections (RFC 8841 §4.1).</summary>
    public const string DataChannelFormat = "webrtc-datachannel";

    /// <summary>A section with the given m= line fields and nothing else.</summary>
    public MediaDescription(string media, int port, string protocol)
    {
        ArgumentNullException.ThrowIfNull(media);
        ArgumentNullException.ThrowIfNull(protocol);
        Media = media;
        Port = port;
        Protocol = protocol;
    }

    // --- m= line and the other section lines

    /// <summary>The media token: <c>audio</c>, <c>video</c>, <c>application</c>, …</summary>
    public string Media { get; set; }

    /// <summary>The kind named by <see cref="Media"/>.</summary>
    public MediaKind Kind => MediaKindTokens.FromToken(Media);

    /// <summary>The port; 9 as a placeholder with ICE, 0 for a rejected or disabled section (RFC 3264 §6).</summary>
    public int Port { get; set; }

    /// <summary>The number of ports after <c>/</c>, null when absent.</summary>
    public int? PortCount { get; set; }

    /// <summary>The transport protocol, e.g. <c>UDP/TLS/RTP/SAVPF</c>.</summary>
    public string Protocol { get; set; }

    /// <summary>True when the protocol is an RTP profile, so the formats are payload types.</summary>
    public bool IsRtp => IsRtpProtocol(Protocol);

    /// <summary>The formats of a non-RTP section (e.g. <c>webrtc-datachannel</c>); unused for RTP sections.</summary>
    public List<string> Formats { get; } = [];

    /// <summary>The i= line, null when absent.</summary>
    public string? Information { get; set; }

    /// <summary>The c= line, null when absent.</summary>
    public ConnectionData? Connection { get; set; }

    /// <summary>The b= lines.</summary>
    public List<Bandwidth> Bandwidths { get; } = [];

    /// <summary>The obsolete k= line, null when absent.</summary>
    public string? EncryptionKey { get; set; }

    // --- identity and direction

    /// <summary><c>a=mid</c>: the section's identification tag (RFC 5888 §4); null when absent.</summary>
    public string? Mid { get; set; }

    /// <summary>The direction attribute; null when the section has none.</summary>
    public MediaDirection? Direction { get; set; }

    /// <summary>The direction in force: the section's, else the session's, else sendrecv (RFC 8866 §6.7).</summary>
    public MediaDirection EffectiveDirection(SessionDescription session)
    {
        ArgumentNullException.ThrowIfNull(session);
        return Direction ?? session.Direction ?? MediaDirection.SendReceive;
    }

    /// <summary><c>a=msid</c> lines (RFC 8830).</summary>
    public List<Msid> Msids { get; } = [];

    // --- ICE and DTLS

    /// <summary><c>a=ice-ufrag</c> (RFC 8839 §5.4); null when absent.</summary>
    public string? IceUfrag { get; set; }

    /// <summary><c>a=ice-pwd</c> (RFC 8839 §5.4); null when absent.</summary>
    public string? IcePwd { get; set; }

    /// <summary><c>a=ice-options</c> tags, e.g. <c>trickle</c>, <c>ice2</c> (RFC 8839 §5.6).</summary>
    public List<string> IceOptions { get; } = [];

    /// <summary><c>a=ice-lite</c> at media level, which some stacks write although RFC 8839 §5.3 puts it at session level.</summary>
    public bool IceLite { get; set; }

    /// <summary><c>a=candidate</c> lines.</summary>
    public List<IceCandidate> Candidates { get; } = [];

    /// <summary><c>a=end-of-candidates</c>: no more candidates will follow (RFC 8840).</summary>
    public bool EndOfCandidates { get; set; }

    /// <summary><c>a=fingerprint</c> lines (RFC 8122 §5).</summary>
    public List<Fingerprint> Fingerprints { get; } = [];

    /// <summary><c>a=setup</c>; null when absent.</summary>
    public DtlsSetup? Setup { get; set; }

    // --- RTP and RTCP

    /// <summary><c>a=rtcp</c>; null when absent.</summary>
    public RtcpAddress? Rtcp { get; set; }

    /// <summary><c>a=rtcp-mux</c>: RTP and RTCP share the port (RFC 5761 §5.1.1).</summary>
    public bool RtcpMux { get; set; }

    /// <summary><c>a=rtcp-rsize</c>: reduced-size RTCP is fine (RFC 5506 §5).</summary>
    public bool RtcpReducedSize { get; set; }

    /// <summary>The payload types of an RTP section in m= line order, each with its rtpmap, fmtp and rtcp-fb.</summary>
    public List<RtpCodec> Codecs { get; } = [];

    /// <summary><c>a=rtcp-fb:*</c> lines: feedback for every payload type (RFC 4585 §4.2).</summary>
    public List<RtcpFeedback> WildcardFeedback { get; } = [];

    /// <summary><c>a=extmap</c> lines (RFC 8285).</summary>
    public List<HeaderExtension> HeaderExtensions { get; } = [];

    /// <summary><c>a=extmap-allow-mixed</c>: one- and two-byte extension headers may mix (RFC 8285 §6).</summary>
    public bool ExtmapAllowMixed { get; set; }

    /// <summary><c>a=ssrc</c> lines (RFC 5576 §4.1).</summary>
    public List<SsrcLine> SsrcLines { get; } = [];

    /// <summary><c>a=ssrc-group</c> lines (RFC 5576 §4.2).</summary>
    public List<SsrcGroup> SsrcGroups { get; } = [];

    /// <summary><c>a=rid</c> lines (RFC 8851).</summary>
    public List<RidDescription> Rids { get; } = [];

    /// <summary><c>a=simulcast</c>; null when absent.</summary>
    public Simulcast? Simulcast { get; set; }

    // --- data channels

    /// <summary><c>a=sctp-port</c> (RFC 8841 §5); null when absent.</summary>
    public int? SctpPort { get; set; }

    /// <summary><c>a=max-message-size</c> in bytes, 0 meaning no limit (RFC 8841 §6); null when absent.</summary>
    public ulong? MaxMessageSize { get; set; }

    /// <summary>Every other a= line of the section, verbatim and in order.</summary>
    public List<AttributeLine> OtherAttributes { get; } = [];

    /// <summary>
    /// An RTP section as JSEP lays it out (RFC 8829 §5.2.1): port 9, <c>UDP/TLS/RTP/SAVPF</c>,
    /// <c>c=IN IP4 0.0.0.0</c>, <c>a=rtcp-mux</c>, the mid and direction. Add codecs, extensions, ICE and DTLS
    /// parameters, candidates and the rest.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="kind"/> is not audio or video.</exception>
    public static MediaDescription CreateRtp(MediaKind kind, string mid, MediaDirection direction)
    {
        if (kind is not (MediaKind.Audio or MediaKind.Video))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "RTP sections are audio or video.");
        }

        return new MediaDescription(kind.ToToken(), 9, RtpProtocol)
        {
            Connection = ConnectionData.Unspecified,
            Mid = mid,
            Direction = direction,
            RtcpMux = true,
        };
    }

    /// <summary>
    /// A data channel section (RFC 8841 §4.1): port 9, <c>UDP/DTLS/SCTP webrtc-datachannel</c>,
    /// <c>c=IN IP4 0.0.0.0</c>, the mid, <c>a=sctp-port</c> and <c>a=max-message-size</c>.
    /// </summary>
    public static MediaDescription CreateDataChannel(string mid, int sctpPort = 5000, ulong? maxMessageSize = 262144)
    {
        var section = new MediaDescription(MediaKind.Application.ToToken(), 9, DataChannelProtocol)
        {
            Connection = ConnectionData.Unspecified,
            Mid = mid,
            SctpPort = sctpPort,
            MaxMessageSize = maxMessageSize,
        };
        section.Formats.Add(DataChannelFormat);
        return section;
    }

    /// <summary>The codec with this payload type, or null.</summary>
    public RtpCodec? FindCodec(int payloadType)
    {
        foreach (var codec in Codecs)
        {
            if (codec.PayloadType == payloadType)
            {
                return codec;
            }
        }

        return null;
    }

    /// <summary>The <c>a=extmap</c> entry for this URI, or null.</summary>
    public HeaderExtension? FindHeaderExtension(string uri)
    {
        foreach (var extension in HeaderExtensions)
        {
            if (string.Equals(extension.Uri, uri, StringComparison.Ordinal))
            {
                return extension;
            }
        }

        return null;
    }

    /// <summary>The <c>a=rid</c> with this id, or null.</summary>
    public RidDescription? FindRid(string id)
    {
        foreach (var rid in Rids)
        {
            if (string.Equals(rid.Id, id, StringComparison.Ordinal))
            {
                return rid;
            }
        }

        return null;
    }

    /// <summary>The first kept attribute with this name (e.g. <c>bundle-only</c>, <c>ptime</c>), or null.</summary>
    public AttributeLine? FindOtherAttribute(string name) => AttributeLine.Find(OtherAttributes, name);

    /// <summary>The value of a source attribute (e.g. <c>cname</c>) of one SSRC, or null.</summary>
    public string? FindSsrcAttribute(uint ssrc, string name)
    {
        foreach (var line in SsrcLines)
        {
            if (line.Ssrc == ssrc && string.Equals(line.Name, name, StringComparison.Ordinal))
            {
                return line.Value;
            }
        }

        return null;
    }

    /// <summary>True when the protocol names an RTP profile (a <c>RTP</c> segment, e.g. <c>UDP/TLS/RTP/SAVPF</c>).</summary>
    internal static bool IsRtpProtocol(ReadOnlySpan<char> protocol)
    {
        foreach (var range in protocol.Split('/'))
        {
            if (protocol[range].Equals("RTP", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
