using OpenLive.Rtc.Sdp;

namespace OpenLive.Sfu.Negotiation;

/// <summary>
/// Answers a publisher's offer (JSEP, RFC 8829 §5.3): accepts each sending audio/video m-line the member may send
/// with the first codec the SFU forwards, receives simulcast layers by rid, keeps m-lines that stopped sending as
/// inactive (so the client can reuse them), rejects the rest (port 0), and bundles everything on the one transport.
/// Refusals are the iLiveSDK errors the client gets.
/// </summary>
internal static class PublishAnswerBuilder
{
    /// <summary>The result: the answer and the tracks the publisher will send.</summary>
    public sealed record Result(SessionDescription Answer, IReadOnlyList<IncomingTrackSpec> Tracks, string RemoteUfrag, string RemotePassword, IReadOnlyList<Fingerprint> RemoteFingerprints, DtlsSetup LocalSetup);

    /// <exception cref="MediaRefusal">10002 for an unusable offer, 10003 for a track the member may not send, 10011 when no codec can be forwarded.</exception>
    public static Result Answer(
        SessionDescription offer,
        IReadOnlyDictionary<string, TrackSource> declaredSources,
        MediaPermissions permissions,
        LocalTransportParameters local,
        ulong sessionId,
        ulong version)
    {
        var bundle = offer.FindGroup(MediaGroup.Bundle);
        var answer = LocalTransportParameters.NewDescription(sessionId, version);
        answer.ExtmapAllowMixed = offer.ExtmapAllowMixed;
        var tracks = new List<IncomingTrackSpec>();
        var accepted = new List<string>();
        (RemoteTransport Remote, DtlsSetup LocalSetup)? transport = null;
        var videoCount = 0;

        foreach (var offered in offer.Media)
        {
            var mid = offered.Mid;
            if (mid is null || !offered.IsRtp || offered.Kind is not (MediaKind.Audio or MediaKind.Video) || offered.Port == 0)
            {
                answer.Media.Add(AnswerSections.Rejected(offered));
                continue;
            }

            if (!SendsMedia(offer, offered))
            {
                // An unpublished source (inactive): answered inactive, not rejected. A rejected m-line stops the
                // client's transceiver for good (RFC 8829 §4.2.2, §5.10), and publishing the source again on it fails.
                var idleCodec = ForwardableCodecs.Choose(offered);
                if (idleCodec is null || AnswerSections.TransportRefusalOf(offered, bundle) is not null)
                {
                    answer.Media.Add(AnswerSections.Rejected(offered));
                    continue;
                }

                transport ??= OfferChecks.TransportOf(offer, offered);
                answer.Media.Add(AcceptedSection(offered, idleCodec, ExtensionIds.From(offered), [], local, transport.Value.LocalSetup, MediaDirection.Inactive));
                accepted.Add(mid);
                continue;
            }

            OfferChecks.RequireBundledAndMuxed(bundle, offered);
            var source = SourceOf(offered, declaredSources, ref videoCount);
            if (!permissions.MaySend(source))
            {
                throw new MediaRefusal(MediaPermissions.SendRight(source),
                    $"not allowed to send {Describe(source)}");
            }

            if (tracks.Exists(track => track.Source == source))
            {
                throw new MediaRefusal(MediaErrorKind.InvalidDescription, $"two m-lines send {Describe(source)}");
            }

            var codec = ForwardableCodecs.Choose(offered) ?? throw new MediaRefusal(MediaErrorKind.UnsupportedCodec,
                $"m-line \"{mid}\" offers no codec OpenLive forwards ({(offered.Kind == MediaKind.Audio ? "opus" : "VP8, VP9, H264 packetization-mode=1, AV1")})");

            transport ??= OfferChecks.TransportOf(offer, offered); // Bundled: the first accepted section's transport is everyone's.
            var extensions = ExtensionIds.From(offered);
            var rids = SimulcastRids(offered);
            var (ssrc, rtxSsrc) = rids.Count == 0 ? SsrcsOf(offered) : (null, null);
            tracks.Add(new IncomingTrackSpec(mid, offered.Kind, source, codec, rids, ssrc, rtxSsrc, extensions));
            answer.Media.Add(AcceptedSection(offered, codec, extensions, rids, local, transport.Value.LocalSetup, MediaDirection.ReceiveOnly));
            accepted.Add(mid);
        }

        if (accepted.Count == 0)
        {
            // Nothing sending and nothing to keep. (Every source unpublished is fine: those m-lines stay, inactive.)
            throw new MediaRefusal(MediaErrorKind.InvalidDescription, "the offer sends no audio or video track");
        }

        answer.Groups.Add(new MediaGroup(MediaGroup.Bundle, accepted));
        var (remote, localSetup) = transport!.Value;
        return new Result(answer, tracks, remote.Ufrag, remote.Password, remote.Fingerprints, localSetup);
    }

    /// <summary>
    /// The sources an offer publishes when it declares none (audio; the first video camera, the second screen), for
    /// checking a member's rights before anything is set up. Throws nothing: a bad offer lists what it can.
    /// </summary>
    public static IReadOnlyList<TrackSource> UndeclaredSources(SessionDescription offer)
    {
        var sources = new List<TrackSource>();
        var videoCount = 0;
        foreach (var offered in offer.Media)
        {
            if (offered.Mid is not null && SendsMedia(offer, offered))
            {
                sources.Add(offered.Kind == MediaKind.Audio ? TrackSource.Audio : videoCount++ == 0 ? TrackSource.Camera : TrackSource.Screen);
            }
        }

        return sources;
    }

    /// <summary>An RTP audio or video m-line that is not rejected and sends (sendonly or sendrecv).</summary>
    private static bool SendsMedia(SessionDescription offer, MediaDescription offered) =>
        offered.IsRtp && offered.Kind is (MediaKind.Audio or MediaKind.Video) && offered.Port != 0
        && offered.EffectiveDirection(offer) is (MediaDirection.SendOnly or MediaDirection.SendReceive);

    private static MediaDescription AcceptedSection(
        MediaDescription offered, NegotiatedCodec codec, ExtensionIds extensions, List<string> rids, LocalTransportParameters local, DtlsSetup setup, MediaDirection direction)
    {
        var section = MediaDescription.CreateRtp(offered.Kind, offered.Mid!, direction);
        section.RtcpReducedSize = offered.RtcpReducedSize;
        section.ExtmapAllowMixed = offered.ExtmapAllowMixed;
        var sdpCodec = codec.ToSdp(codec.PayloadType);
        sdpCodec.Feedback.AddRange(ForwardableCodecs.Accept(offered.Kind, offered.FindCodec(codec.PayloadType)!.Feedback));
        section.Codecs.Add(sdpCodec);
        section.Formats.Add(AnswerSections.FormatOf(codec.PayloadType));
        if (codec.RtxPayloadType is { } rtx)
        {
            section.Codecs.Add(RtpCodec.Rtx(rtx, codec.PayloadType, codec.ClockRate));
            section.Formats.Add(AnswerSections.FormatOf(rtx));
        }

        section.HeaderExtensions.AddRange(extensions.ToSdp(offered.Kind));
        if (rids.Count > 0)
        {
            foreach (var rid in rids)
            {
                section.Rids.Add(new RidDescription(rid, RidDirection.Receive));
            }

            section.Simulcast = Simulcast.Receiving(OfferedRidOrder(offered));
        }

        local.ApplyTo(section, setup);
        return section;
    }

    private static TrackSource SourceOf(MediaDescription offered, IReadOnlyDictionary<string, TrackSource> declared, ref int videoCount)
    {
        if (declared.TryGetValue(offered.Mid!, out var source))
        {
            if ((source == TrackSource.Audio) != (offered.Kind == MediaKind.Audio))
            {
                throw new MediaRefusal(MediaErrorKind.InvalidDescription, $"m-line \"{offered.Mid}\" is {offered.Media} but was declared {Describe(source)}");
            }

            return source;
        }

        return offered.Kind == MediaKind.Audio ? TrackSource.Audio : videoCount++ == 0 ? TrackSource.Camera : TrackSource.Screen;
    }

    /// <summary>The offered simulcast rids ordered lowest quality first (by known names q/h/f or l/m/h, else as listed).</summary>
    private static List<string> SimulcastRids(MediaDescription offered)
    {
        var rids = OfferedRidOrder(offered);
        rids.Sort((a, b) => Rank(a, rids).CompareTo(Rank(b, rids)));
        return rids;

        static int Rank(string rid, List<string> listed) => rid switch
        {
            "q" or "l" or "low" => 0,
            "h" or "m" or "mid" or "medium" => 1,
            "f" or "high" => 2,
            _ => listed.IndexOf(rid),
        };
    }

    private static List<string> OfferedRidOrder(MediaDescription offered)
    {
        var rids = new List<string>();
        if (offered.Simulcast is null)
        {
            return rids;
        }

        foreach (var layer in offered.Simulcast.Send)
        {
            foreach (var alternative in layer.Alternatives)
            {
                if (!alternative.Paused && offered.FindRid(alternative.Id) is not null && !rids.Contains(alternative.Id))
                {
                    rids.Add(alternative.Id);
                    break; // One alternative per layer.
                }
            }
        }

        return rids;
    }

    private static (uint? Ssrc, uint? RtxSsrc) SsrcsOf(MediaDescription offered)
    {
        foreach (var group in offered.SsrcGroups)
        {
            if (group.Semantics == SsrcGroup.FlowIdentification && group.Ssrcs.Count == 2)
            {
                return (group.Ssrcs[0], group.Ssrcs[1]);
            }
        }

        return offered.SsrcLines.Count > 0 ? (offered.SsrcLines[0].Ssrc, null) : (null, null);
    }

    private static string Describe(TrackSource source) => source switch
    {
        TrackSource.Audio => "audio",
        TrackSource.Camera => "camera video",
        _ => "screen video",
    };
}
