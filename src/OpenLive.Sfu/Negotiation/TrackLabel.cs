using OpenLive.Rtc.Sdp;
using OpenLive.Sfu.Forwarding;

namespace OpenLive.Sfu.Negotiation;

/// <summary>
/// How a track the SFU sends is named in SDP, so a player can label and group it: <c>a=msid</c> (RFC 8830 §2) with the
/// publisher as the stream (its audio and camera share one, for lip sync) and publisher-source as the track, and
/// <c>a=ssrc</c> lines (RFC 5576 §4.1) for the media SSRC and the RTX one, tied by <c>a=ssrc-group:FID</c>.
/// </summary>
/// <param name="StreamId">The msid stream id.</param>
/// <param name="TrackId">The msid track id.</param>
/// <param name="Ssrc">The SSRC the SFU sends the media with.</param>
/// <param name="RtxSsrc">The SSRC of its retransmissions; 0 without RTX.</param>
internal readonly record struct TrackLabel(string StreamId, string TrackId, uint Ssrc, uint RtxSsrc)
{
    private const int MaxIdLength = 64;

    /// <summary>The label of a forwarded track (with RTX only when the track sends RTX).</summary>
    public static TrackLabel Of(ForwardedTrack track) =>
        Of(track.Source.MemberId, track.Source.Source, track.Ssrc, track.RtxPayloadType != 0 ? track.RtxSsrc : 0);

    /// <summary>The label of <paramref name="publisherId"/>'s <paramref name="source"/> sent as <paramref name="ssrc"/>.</summary>
    public static TrackLabel Of(string publisherId, TrackSource source, uint ssrc, uint rtxSsrc) =>
        new(Sanitize(publisherId), $"{Sanitize(publisherId)}-{source.ToString().ToLowerInvariant()}", ssrc, rtxSsrc);

    /// <summary>Adds the msid, ssrc and FID group lines to <paramref name="media"/>.</summary>
    public void WriteTo(MediaDescription media)
    {
        media.Msids.Add(new Msid(StreamId, TrackId));
        AddSsrc(media, Ssrc);
        if (RtxSsrc != 0)
        {
            AddSsrc(media, RtxSsrc);
            media.SsrcGroups.Add(new SsrcGroup(SsrcGroup.FlowIdentification, [Ssrc, RtxSsrc]));
        }
    }

    private void AddSsrc(MediaDescription media, uint ssrc)
    {
        media.SsrcLines.Add(new SsrcLine(ssrc, SsrcLine.CName, StreamId));
        media.SsrcLines.Add(new SsrcLine(ssrc, "msid", $"{StreamId} {TrackId}"));
    }

    /// <summary>msid ids are tokens (RFC 8830 §2): user ids may hold anything, so everything else becomes '_' (%xx would be ambiguous).</summary>
    private static string Sanitize(string id)
    {
        Span<char> buffer = stackalloc char[Math.Min(id.Length, MaxIdLength)];
        for (var i = 0; i < buffer.Length; i++)
        {
            var c = id[i];
            buffer[i] = char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' ? c : '_';
        }

        return buffer.Length == 0 ? "member" : new string(buffer);
    }
}
