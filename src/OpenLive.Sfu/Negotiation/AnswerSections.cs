using System.Globalization;
using OpenLive.Core.Errors;
using OpenLive.Rtc.Sdp;

namespace OpenLive.Sfu.Negotiation;

/// <summary>The offerer's transport parameters as an answer reads them, and the DTLS role the SFU takes in reply.</summary>
/// <param name="Ufrag">The offerer's ICE username fragment (what its checks carry after the colon).</param>
/// <param name="Fingerprints">The offerer's certificate fingerprints.</param>
/// <param name="LocalSetup">The SFU's <c>a=setup</c> in the answer: passive (DTLS server) unless the offerer is passive.</param>
internal sealed record RemoteTransport(string Ufrag, IReadOnlyList<Fingerprint> Fingerprints, DtlsSetup LocalSetup);

/// <summary>What every answer the SFU writes does the same way, whichever side sends the media.</summary>
internal static class AnswerSections
{
    /// <summary>
    /// A rejected m-line (RFC 3264 §6: port 0, the offered media and protocol) with one of the offered formats, since an
    /// m-line needs at least one (RFC 8866 §5.14).
    /// </summary>
    public static MediaDescription Rejected(MediaDescription offered)
    {
        var section = new MediaDescription(offered.Media, 0, offered.Protocol) { Mid = offered.Mid, Direction = MediaDirection.Inactive };
        if (offered.IsRtp)
        {
            // RTP m-lines are written from their codecs; a nameless one writes the payload type alone.
            section.Codecs.Add(new RtpCodec(offered.Codecs.Count > 0 ? offered.Codecs[0].PayloadType : 0));
        }
        else
        {
            section.Formats.AddRange(offered.Formats.Count > 0 ? offered.Formats.Take(1) : ["0"]);
        }

        return section;
    }

    /// <summary>
    /// The offerer's ICE credentials and fingerprints, from <paramref name="offered"/> (the first bundled section the
    /// answer accepts carries the transport, RFC 8843 §7.3.1) or the session level, and the SFU's DTLS setup: an
    /// offerer's actpass or active gets passive, a passive one active (RFC 8842 §5.3).
    /// </summary>
    /// <exception cref="LiveException">10002 without ICE credentials or fingerprints, or with a=setup:holdconn.</exception>
    public static RemoteTransport RemoteTransportOf(SessionDescription offer, MediaDescription offered)
    {
        var ufrag = offered.IceUfrag ?? offer.IceUfrag;
        var password = offered.IcePwd ?? offer.IcePwd;
        if (ufrag is null || password is null)
        {
            throw new LiveException(AVErrorCode.ServerInvalidArgument, "the offer has no a=ice-ufrag / a=ice-pwd");
        }

        var fingerprints = offered.Fingerprints.Count > 0 ? offered.Fingerprints : offer.Fingerprints;
        if (fingerprints.Count == 0)
        {
            throw new LiveException(AVErrorCode.ServerInvalidArgument, "the offer has no a=fingerprint (DTLS-SRTP is required)");
        }

        var setup = (offered.Setup ?? offer.Setup ?? DtlsSetup.ActPass) switch
        {
            DtlsSetup.Passive => DtlsSetup.Active,
            DtlsSetup.HoldConn => throw new LiveException(AVErrorCode.ServerInvalidArgument, "a=setup:holdconn is not supported"),
            _ => DtlsSetup.Passive,
        };
        return new RemoteTransport(ufrag, fingerprints, setup);
    }

    /// <summary>
    /// Checks what the SFU requires of a section it accepts: bundled with the others (one transport per connection,
    /// RFC 8843) and RTP/RTCP multiplexed (RFC 8035).
    /// </summary>
    /// <exception cref="LiveException">10002 when either is missing.</exception>
    public static void RequireBundledAndMuxed(MediaGroup? bundle, MediaDescription offered)
    {
        var mid = offered.Mid!;
        if (bundle is null || !bundle.Mids.Contains(mid))
        {
            throw new LiveException(AVErrorCode.ServerInvalidArgument, $"m-line \"{mid}\" is not bundled: OpenLive carries a connection's media on one transport (a=group:BUNDLE)");
        }

        if (!offered.RtcpMux)
        {
            throw new LiveException(AVErrorCode.ServerInvalidArgument, $"m-line \"{mid}\" lacks a=rtcp-mux");
        }
    }

    /// <summary>A payload type as an m-line format token.</summary>
    public static string FormatOf(int payloadType) => payloadType.ToString(CultureInfo.InvariantCulture);
}
