using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace OpenLive.Rtc.Sdp;

/// <summary>
/// A session description: what an offer or answer carries (RFC 8866 §5, with the WebRTC attributes of
/// JSEP, RFC 8829 §5.2). Parse with <see cref="TryParse"/>; <see cref="ToString"/> writes canonical SDP with CRLF
/// line endings. Attributes without a property here are kept, in order, in <see cref="OtherAttributes"/>.
/// <code>
/// v=0
/// o=- 4611731400430051336 2 IN IP4 127.0.0.1
/// s=-
/// t=0 0
/// a=group:BUNDLE 0 1
/// m=audio 9 UDP/TLS/RTP/SAVPF 111
/// …
/// </code>
/// </summary>
public sealed class SessionDescription
{
    /// <summary>A description with JSEP's header (<c>o=- 0 0 IN IP4 127.0.0.1</c>, <c>s=-</c>, <c>t=0 0</c>) and nothing else.</summary>
    public SessionDescription()
    {
        Times.Add(new TimeDescription(0, 0));
    }

    // --- the session lines, in the order RFC 8866 §5 writes them

    /// <summary>v=: always 0.</summary>
    public int Version { get; set; }

    /// <summary>o=.</summary>
    public Origin Origin { get; set; } = Origin.Create(0, 0);

    /// <summary>s=: <c>-</c> in WebRTC (RFC 8829 §5.2.1).</summary>
    public string SessionName { get; set; } = "-";

    /// <summary>i=, null when absent.</summary>
    public string? Information { get; set; }

    /// <summary>u=, null when absent.</summary>
    public string? UriReference { get; set; }

    /// <summary>e= lines.</summary>
    public List<string> Emails { get; } = [];

    /// <summary>p= lines.</summary>
    public List<string> Phones { get; } = [];

    /// <summary>Session-level c=, null when absent.</summary>
    public ConnectionData? Connection { get; set; }

    /// <summary>Session-level b= lines.</summary>
    public List<Bandwidth> Bandwidths { get; } = [];

    /// <summary>t= lines, each with its r= lines; at least one in a valid description.</summary>
    public List<TimeDescription> Times { get; } = [];

    /// <summary>z=, verbatim; null when absent.</summary>
    public string? TimeZones { get; set; }

    /// <summary>The obsolete k=, null when absent.</summary>
    public string? EncryptionKey { get; set; }

    // --- session-level attributes

    /// <summary><c>a=group</c> lines: BUNDLE, LS, … (RFC 5888).</summary>
    public List<MediaGroup> Groups { get; } = [];

    /// <summary><c>a=extmap-allow-mixed</c> (RFC 8285 §6).</summary>
    public bool ExtmapAllowMixed { get; set; }

    /// <summary><c>a=msid-semantic</c>; null when absent.</summary>
    public MsidSemantic? MsidSemantic { get; set; }

    /// <summary><c>a=ice-lite</c>: this side only answers connectivity checks (RFC 8839 §5.3).</summary>
    public bool IceLite { get; set; }

    /// <summary>Session-level <c>a=ice-ufrag</c>; null when absent.</summary>
    public string? IceUfrag { get; set; }

    /// <summary>Session-level <c>a=ice-pwd</c>; null when absent.</summary>
    public string? IcePwd { get; set; }

    /// <summary>Session-level <c>a=ice-options</c> tags.</summary>
    public List<string> IceOptions { get; } = [];

    /// <summary>Session-level <c>a=fingerprint</c> lines, for sections that have none (RFC 8122 §5).</summary>
    public List<Fingerprint> Fingerprints { get; } = [];

    /// <summary>Session-level <c>a=setup</c>; null when absent.</summary>
    public DtlsSetup? Setup { get; set; }

    /// <summary>Session-level <c>a=end-of-candidates</c>: no more candidates for any section (RFC 8840).</summary>
    public bool EndOfCandidates { get; set; }

    /// <summary>Session-level direction (Firefox writes <c>a=sendrecv</c> here); null when absent.</summary>
    public MediaDirection? Direction { get; set; }

    /// <summary>Every other session-level a= line, verbatim and in order.</summary>
    public List<AttributeLine> OtherAttributes { get; } = [];

    /// <summary>The m= sections, in order.</summary>
    public List<MediaDescription> Media { get; } = [];

    /// <summary>
    /// Parses SDP. Accepts CRLF or bare LF, skips blank lines, ignores line types it does not know and keeps unknown
    /// attributes. Refuses what is clearly broken (a required line missing, a known attribute that does not parse,
    /// a number out of range, a limit of <see cref="SdpLimits"/> exceeded) with the line number and the reason.
    /// Never throws.
    /// </summary>
    public static bool TryParse(string? sdp, [NotNullWhen(true)] out SessionDescription? description, [NotNullWhen(false)] out string? error) =>
        SdpParser.TryParse(sdp, out description, out error);

    /// <summary>The first <c>a=group</c> with these semantics (e.g. <see cref="MediaGroup.Bundle"/>), or null.</summary>
    public MediaGroup? FindGroup(string semantics)
    {
        foreach (var group in Groups)
        {
            if (string.Equals(group.Semantics, semantics, StringComparison.Ordinal))
            {
                return group;
            }
        }

        return null;
    }

    /// <summary>The section with this mid, or null.</summary>
    public MediaDescription? FindMedia(string mid)
    {
        foreach (var media in Media)
        {
            if (string.Equals(media.Mid, mid, StringComparison.Ordinal))
            {
                return media;
            }
        }

        return null;
    }

    /// <summary>The first kept session-level attribute with this name (e.g. <c>ice-pacing</c>), or null.</summary>
    public AttributeLine? FindOtherAttribute(string name) => AttributeLine.Find(OtherAttributes, name);

    /// <summary>Appends the description as canonical SDP, CRLF after every line.</summary>
    /// <exception cref="ArgumentException">When a value contains CR, LF or NUL (it would forge lines).</exception>
    public void Write(StringBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        SdpWriter.Write(this, new SdpTextWriter(builder));
    }

    /// <summary>The description as canonical SDP, CRLF after every line.</summary>
    /// <exception cref="ArgumentException">When a value contains CR, LF or NUL (it would forge lines).</exception>
    public override string ToString()
    {
        var builder = new StringBuilder(1024);
        Write(builder);
        return builder.ToString();
    }
}
