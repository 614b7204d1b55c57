using OpenLive.Core.Errors;
using OpenLive.Rtc.Sdp;

namespace OpenLive.Sfu.Negotiation;

/// <summary>
/// What the SFU requires of an offer it answers, as 10002 errors the control plane returns to the client. The reading
/// itself is OpenLive.Rtc's (<see cref="RemoteTransport"/>, <see cref="AnswerSections"/>), shared with the client.
/// </summary>
internal static class OfferChecks
{
    /// <summary>
    /// The offerer's ICE credentials and fingerprints, from <paramref name="offered"/> (the first bundled section the
    /// answer accepts carries the transport, RFC 8843 §7.3.1) or the session level.
    /// </summary>
    /// <exception cref="LiveException">10002 without ICE credentials or fingerprints, or with a=setup:holdconn.</exception>
    public static (RemoteTransport Remote, DtlsSetup LocalSetup) TransportOf(SessionDescription offer, MediaDescription offered)
    {
        if (!RemoteTransport.TryRead(offer, offered, out var remote, out var error))
        {
            throw new LiveException(AVErrorCode.ServerInvalidArgument, error);
        }

        var setup = remote.AnswererSetup ?? throw new LiveException(AVErrorCode.ServerInvalidArgument, "a=setup:holdconn is not supported");
        return (remote, setup);
    }

    /// <summary>
    /// Checks what the SFU requires of a section it accepts: bundled with the others (one transport per connection,
    /// RFC 8843) and RTP/RTCP multiplexed (RFC 8035).
    /// </summary>
    /// <exception cref="LiveException">10002 when either is missing.</exception>
    public static void RequireBundledAndMuxed(MediaGroup? bundle, MediaDescription offered)
    {
        var mid = offered.Mid!;
        switch (AnswerSections.TransportRefusalOf(offered, bundle))
        {
            case null:
                return;
            case "no rtcp-mux":
                throw new LiveException(AVErrorCode.ServerInvalidArgument, $"m-line \"{mid}\" lacks a=rtcp-mux");
            default:
                throw new LiveException(AVErrorCode.ServerInvalidArgument, $"m-line \"{mid}\" is not bundled: OpenLive carries a connection's media on one transport (a=group:BUNDLE)");
        }
    }
}
