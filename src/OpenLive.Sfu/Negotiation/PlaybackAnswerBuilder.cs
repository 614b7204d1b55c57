using OpenLive.Core.Errors;
using OpenLive.Rtc.Sdp;

namespace OpenLive.Sfu.Negotiation;

/// <summary>
/// Answers a player's offer to receive one publisher (WHEP, draft-ietf-wish-whep §4.1; JSEP initial answer, RFC 9429
/// §5.3.1). The player offers, so its choices stand: each receiving audio m-line gets the publisher's audio, the
/// first receiving video m-line its camera and the second its screen, in the publisher's codec (forwarded as sent)
/// under the payload type the offer gave that codec, with the offer's RTX type and header-extension ids. An m-line
/// whose source the publisher does not send, the player may not receive, or whose codecs do not include the
/// publisher's is rejected (port 0); the rest is served. Answered m-lines are sendonly, ICE-lite, DTLS passive (or
/// active to a passive offerer) and bundled.
/// </summary>
internal static class PlaybackAnswerBuilder
{
    /// <summary>What the answer will do with each offered m-line, and the transport they share.</summary>
    /// <param name="Sections">One per offered m-line, in order.</param>
    /// <param name="Transport">The player's ICE and DTLS parameters.</param>
    /// <param name="LocalSetup">The SFU's DTLS setup (RFC 8842 §5.3).</param>
    /// <param name="Extensions">The offer's ids for the header extensions the SFU writes (the same on every bundled m-line).</param>
    public sealed record Plan(IReadOnlyList<PlannedSection> Sections, RemoteTransport Transport, DtlsSetup LocalSetup, ExtensionIds Extensions);

    /// <summary>One offered m-line: served with <paramref name="Source"/> in <paramref name="Codec"/>, or rejected (null source).</summary>
    /// <param name="Offered">The offered m-line.</param>
    /// <param name="Source">The publisher's source it carries; null when rejected.</param>
    /// <param name="Codec">The publisher's codec, when served.</param>
    /// <param name="PayloadType">The offer's payload type for that codec.</param>
    /// <param name="RtxPayloadType">The offer's RTX payload type for it; 0 when the offer has none (lost packets are resent as they were).</param>
    public sealed record PlannedSection(MediaDescription Offered, TrackSource? Source, NegotiatedCodec? Codec, byte PayloadType, byte RtxPayloadType);

    /// <summary>Matches the offer's m-lines to what the publisher sends (<paramref name="available"/>: its codec per source).</summary>
    /// <exception cref="LiveException">
    /// 10002 for an unusable offer (no m-line receives audio or video, not bundled, no ICE or DTLS parameters), 10003 when
    /// the player may receive nothing it asks for, 1401 when the publisher sends nothing (or no audio, when only audio
    /// is asked for), 1402 when no video asked for is sent, 10011 when no asked-for m-line offers the publisher's codec.
    /// </exception>
    public static Plan Match(SessionDescription offer, IReadOnlyDictionary<TrackSource, NegotiatedCodec> available, MediaPermissions permissions)
    {
        if (available.Count == 0)
        {
            throw new LiveException(AVErrorCode.EndpointNotExist, "the publisher sends no audio or video in this room");
        }

        var bundle = offer.FindGroup(MediaGroup.Bundle);
        var sections = new List<PlannedSection>(offer.Media.Count);
        var wanted = new List<TrackSource>();
        (RemoteTransport Remote, DtlsSetup LocalSetup)? transport = null;
        var extensions = default(ExtensionIds);
        var videoCount = 0;
        bool asked = false, denied = false, noAudio = false, noVideo = false, noCodec = false;

        foreach (var offered in offer.Media)
        {
            if (offered.Mid is null || !ReceivesMedia(offer, offered))
            {
                sections.Add(new PlannedSection(offered, null, null, 0, 0));
                continue;
            }

            var source = offered.Kind == MediaKind.Audio ? TrackSource.Audio : videoCount++ == 0 ? TrackSource.Camera : TrackSource.Screen;
            var refusal = Refusal(offered, source, wanted, available, permissions, out var codec, out var offeredCodec);
            asked = true;
            denied |= refusal == AVErrorCode.ServerNoPermission;
            noAudio |= refusal == AVErrorCode.EndpointNotExist;
            noVideo |= refusal == AVErrorCode.EndpointHasNotVideo;
            noCodec |= refusal == AVErrorCode.ServerInvalidAbility;
            if (refusal is not null)
            {
                sections.Add(new PlannedSection(offered, null, null, 0, 0));
                continue;
            }

            OfferChecks.RequireBundledAndMuxed(bundle, offered);
            transport ??= OfferChecks.TransportOf(offer, offered); // Bundled: the first served m-line's transport is everyone's.
            extensions = Merge(extensions, ExtensionIds.From(offered));
            wanted.Add(source);
            var rtx = ForwardableCodecs.RtxFor(offered, offeredCodec!.PayloadType) ?? 0;
            sections.Add(new PlannedSection(offered, source, codec, (byte)offeredCodec.PayloadType, (byte)rtx));
        }

        if (transport is null)
        {
            throw !asked ? new LiveException(AVErrorCode.ServerInvalidArgument, "the offer receives no audio or video (recvonly or sendrecv m-lines expected)")
                : denied ? new LiveException(AVErrorCode.ServerNoPermission, "not allowed to receive what the offer asks for: the member's auth bits lack the RECV bits")
                : noCodec ? new LiveException(AVErrorCode.ServerInvalidAbility, $"the offer has none of the publisher's codecs ({Describe(available)})")
                : noVideo ? new LiveException(AVErrorCode.EndpointHasNotVideo, "the publisher sends no video of the kind asked for")
                : noAudio ? new LiveException(AVErrorCode.EndpointNotExist, "the publisher sends no audio")
                : new LiveException(AVErrorCode.ServerInvalidArgument, "the offer asks for nothing the publisher sends");
        }

        return new Plan(sections, transport.Value.Remote, transport.Value.LocalSetup, extensions with { Rid = 0, RepairedRid = 0 });
    }

    /// <summary>
    /// Writes the answer. <paramref name="labels"/> has, for each served section (by index in <see cref="Plan.Sections"/>),
    /// how its track is named; null for rejected ones.
    /// </summary>
    public static SessionDescription Write(SessionDescription offer, Plan plan, IReadOnlyList<TrackLabel?> labels, LocalTransportParameters local, ulong sessionId, ulong version)
    {
        var answer = LocalTransportParameters.NewDescription(sessionId, version);
        answer.ExtmapAllowMixed = offer.ExtmapAllowMixed;
        answer.MsidSemantic = new MsidSemantic("WMS", ["*"]);
        var served = new List<string>();
        for (var i = 0; i < plan.Sections.Count; i++)
        {
            var planned = plan.Sections[i];
            if (planned.Source is null || labels[i] is not { } label)
            {
                answer.Media.Add(AnswerSections.Rejected(planned.Offered));
                continue;
            }

            answer.Media.Add(ServedSection(planned, label, plan, local));
            served.Add(planned.Offered.Mid!);
        }

        answer.Groups.Add(new MediaGroup(MediaGroup.Bundle, served));
        return answer;
    }

    private static MediaDescription ServedSection(PlannedSection planned, TrackLabel label, Plan plan, LocalTransportParameters local)
    {
        var offered = planned.Offered;
        var codec = planned.Codec!;
        var section = MediaDescription.CreateRtp(offered.Kind, offered.Mid!, MediaDirection.SendOnly);
        section.RtcpReducedSize = offered.RtcpReducedSize;
        section.ExtmapAllowMixed = offered.ExtmapAllowMixed;
        var sdpCodec = codec.ToSdp(planned.PayloadType);
        sdpCodec.Feedback.AddRange(ForwardableCodecs.Accept(offered.Kind, offered.FindCodec(planned.PayloadType)!.Feedback));
        section.Codecs.Add(sdpCodec);
        if (planned.RtxPayloadType != 0)
        {
            section.Codecs.Add(RtpCodec.Rtx(planned.RtxPayloadType, planned.PayloadType, codec.ClockRate));
        }

        foreach (var extension in plan.Extensions.ToSdp(offered.Kind))
        {
            // Only what this m-line offered under the same id (RFC 8285 §5: an answer never adds an extension).
            if (offered.FindHeaderExtension(extension.Uri)?.Id == extension.Id)
            {
                section.HeaderExtensions.Add(extension);
            }
        }

        label.WriteTo(section);
        local.ApplyTo(section, plan.LocalSetup);
        return section;
    }

    /// <summary>Why an m-line asking for <paramref name="source"/> is rejected, or null when it is served.</summary>
    private static AVErrorCode? Refusal(MediaDescription offered, TrackSource source, List<TrackSource> wanted,
        IReadOnlyDictionary<TrackSource, NegotiatedCodec> available, MediaPermissions permissions, out NegotiatedCodec? codec, out RtpCodec? offeredCodec)
    {
        codec = null;
        offeredCodec = null;
        if (wanted.Contains(source))
        {
            return AVErrorCode.ServerInvalidArgument; // A second audio m-line, or a third video one: nothing more to send.
        }

        if (!permissions.MayReceive(source))
        {
            return AVErrorCode.ServerNoPermission;
        }

        if (!available.TryGetValue(source, out codec))
        {
            return source == TrackSource.Audio ? AVErrorCode.EndpointNotExist : AVErrorCode.EndpointHasNotVideo;
        }

        offeredCodec = CodecMatching.Find(offered, codec);
        return offeredCodec is null ? AVErrorCode.ServerInvalidAbility : null;
    }

    /// <summary>An RTP audio or video m-line that is not rejected and receives (recvonly; sendrecv is allowed, WHEP §4.1).</summary>
    private static bool ReceivesMedia(SessionDescription offer, MediaDescription offered) =>
        offered.IsRtp && offered.Kind is (MediaKind.Audio or MediaKind.Video) && offered.Port != 0
        && offered.EffectiveDirection(offer) is (MediaDirection.ReceiveOnly or MediaDirection.SendReceive);

    /// <summary>Keeps the first id seen for each extension (bundled m-lines share one id per URI, RFC 8843 §9.2).</summary>
    private static ExtensionIds Merge(ExtensionIds first, ExtensionIds next) => new(
        first.Mid != 0 ? first.Mid : next.Mid,
        0,
        0,
        first.AbsSendTime != 0 ? first.AbsSendTime : next.AbsSendTime,
        first.TransportCc != 0 ? first.TransportCc : next.TransportCc,
        first.AudioLevel != 0 ? first.AudioLevel : next.AudioLevel);

    private static string Describe(IReadOnlyDictionary<TrackSource, NegotiatedCodec> available)
    {
        var names = new List<string>();
        foreach (var (source, codec) in available)
        {
            names.Add($"{source.ToString().ToLowerInvariant()} {codec.Name}");
        }

        return string.Join(", ", names);
    }
}
