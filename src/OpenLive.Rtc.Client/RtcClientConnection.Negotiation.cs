using System.Diagnostics.CodeAnalysis;
using OpenLive.Rtc.Dtls;
using OpenLive.Rtc.Sdp;

namespace OpenLive.Rtc.Client;

public sealed partial class RtcClientConnection
{
    private readonly ulong _sessionId = LocalTransport.NewSessionId();
    private NegotiationPhase _phase;
    private SessionDescription? _localOffer;
    private SessionDescription? _remoteOffer;
    private ulong _answerVersion = 1;

    private enum NegotiationPhase
    {
        /// <summary>Nothing exchanged yet.</summary>
        Idle,

        /// <summary>Our offer is out; waiting for the answer.</summary>
        HaveLocalOffer,

        /// <summary>The peer's offer is applied; our answer is next.</summary>
        HaveRemoteOffer,

        /// <summary>Negotiated; the peer may offer again (it adds or removes m-lines), we may not.</summary>
        Stable,
    }

    /// <summary>
    /// Adds a transceiver: <paramref name="kind"/> audio (Opus) or video (VP8, optionally H.264), sending
    /// (<see cref="MediaDirection.SendOnly"/>, <see cref="MediaDirection.SendReceive"/>) or receiving
    /// (<see cref="MediaDirection.ReceiveOnly"/>). Before <see cref="CreateOffer"/> it is an m-line of our offer;
    /// before <see cref="SetRemoteOffer"/> a sending one takes an m-line the peer offers to receive on (then its
    /// mid becomes the peer's; simulcast needs our own offer).
    /// </summary>
    /// <exception cref="InvalidOperationException">An offer was already made or received.</exception>
    public RtcTransceiver AddTransceiver(MediaKind kind, MediaDirection direction, RtcTransceiverOptions? options = null)
    {
        if (kind is not (MediaKind.Audio or MediaKind.Video))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "A transceiver carries audio or video.");
        }

        if (direction is not (MediaDirection.SendOnly or MediaDirection.ReceiveOnly or MediaDirection.SendReceive))
        {
            throw new ArgumentOutOfRangeException(nameof(direction), direction, "A transceiver sends, receives or both.");
        }

        options ??= RtcTransceiverOptions.Default;
        options.Validate(kind);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            if (_phase != NegotiationPhase.Idle)
            {
                throw new InvalidOperationException("Transceivers are added before the offer; a connection negotiates its own m-lines once.");
            }

            var mid = LocalTransport.Format(_transceivers.Count);
            var transceiver = new RtcTransceiver(this, mid, kind, direction, options, _streamId, _options.VideoSendHistory, _time);
            _transceivers.Add(transceiver);
            return transceiver;
        }
    }

    /// <summary>
    /// Our offer for the transceivers added so far (see <see cref="OfferWriter"/> for what it carries), with
    /// <c>a=setup:actpass</c> and our host candidate. We are the controlling ICE agent.
    /// </summary>
    /// <exception cref="InvalidOperationException">No transceiver, or an offer was already made or received.</exception>
    public string CreateOffer()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            if (_phase != NegotiationPhase.Idle || _transceivers.Count == 0)
            {
                throw new InvalidOperationException(_transceivers.Count == 0 ? "Add a transceiver before offering." : "This connection already negotiated.");
            }

            _localOffer = OfferWriter.Write(_transceivers, _localTransport, _cname, _streamId, _sessionId);
            _phase = NegotiationPhase.HaveLocalOffer;
            return _localOffer.ToString();
        }
    }

    /// <summary>Applies the peer's answer to our offer and starts ICE, then DTLS; throws <see cref="FormatException"/> for an answer we cannot use.</summary>
    /// <exception cref="InvalidOperationException">No offer of ours is waiting for an answer.</exception>
    public void SetRemoteAnswer(string sdp)
    {
        if (!TrySetRemoteAnswer(sdp, out var error))
        {
            throw new FormatException($"Unusable answer: {error}");
        }
    }

    /// <summary>As <see cref="SetRemoteAnswer"/>, returning false with the reason for an unusable answer (nothing changes then).</summary>
    public bool TrySetRemoteAnswer(string sdp, [NotNullWhen(false)] out string? error)
    {
        if (!SessionDescription.TryParse(sdp, out var answer, out error))
        {
            return false;
        }

        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            if (_phase != NegotiationPhase.HaveLocalOffer)
            {
                throw new InvalidOperationException("There is no offer of ours waiting for an answer.");
            }

            var offer = _localOffer!;
            if (answer.Media.Count != offer.Media.Count)
            {
                error = $"the answer has {answer.Media.Count} m-lines for our {offer.Media.Count}";
                return false;
            }

            var results = new NegotiatedMedia?[offer.Media.Count];
            MediaDescription? transportSection = null;
            for (var i = 0; i < offer.Media.Count; i++)
            {
                var ours = offer.Media[i];
                var theirs = answer.Media[i];
                if (theirs.Mid is not null && theirs.Mid != ours.Mid)
                {
                    error = $"m-line {i} answers mid \"{theirs.Mid}\" to our \"{ours.Mid}\"";
                    return false;
                }

                if (theirs.Port == 0)
                {
                    continue;
                }

                var direction = Settle(ours.Direction ?? MediaDirection.SendReceive, theirs.EffectiveDirection(answer));
                results[i] = NegotiatedMedia.From(Intersect(theirs, ours), theirs, direction);
                transportSection ??= theirs;
            }

            if (transportSection is null)
            {
                error = "the answer rejects every m-line";
                return false;
            }

            if (!TryReadRemoteTransport(answer, transportSection, out var transport, out error))
            {
                return false;
            }

            if (transport.Setup == DtlsSetup.HoldConn)
            {
                error = "a=setup:holdconn is not supported";
                return false;
            }

            for (var i = 0; i < results.Length; i++)
            {
                _transceivers[i].Negotiated = results[i];
                _transceivers[i].SetRejected(results[i] is null);
                ApplyClockRates(_transceivers[i]);
            }

            _phase = NegotiationPhase.Stable;

            // We offered actpass: the answerer's passive makes us the DTLS client; active (or, leniently, anything else) the server.
            var role = transport.Setup == DtlsSetup.Passive ? DtlsRole.Client : DtlsRole.Server;
            PublishRoutingPlan();
            StartTransport(transport, controlling: true, role);
        }

        RaiseConnecting();
        return true;
    }

    /// <summary>
    /// Applies the peer's offer; call <see cref="CreateAnswer"/> next. Each bundled audio/video m-line the peer sends
    /// on becomes (or updates) a receiving transceiver; one it receives on takes the first sending transceiver of its
    /// kind added before (see <see cref="AnswerWriter"/>). The peer may offer again on a negotiated connection to add
    /// or remove m-lines, with the same ICE credentials. Throws <see cref="FormatException"/> for an offer we cannot use.
    /// </summary>
    /// <exception cref="InvalidOperationException">An offer of ours is pending, or one of the peer's was not answered yet.</exception>
    public void SetRemoteOffer(string sdp)
    {
        if (!TrySetRemoteOffer(sdp, out var error))
        {
            throw new FormatException($"Unusable offer: {error}");
        }
    }

    /// <summary>As <see cref="SetRemoteOffer"/>, returning false with the reason for an unusable offer (nothing changes then).</summary>
    public bool TrySetRemoteOffer(string sdp, [NotNullWhen(false)] out string? error)
    {
        if (!SessionDescription.TryParse(sdp, out var offer, out error))
        {
            return false;
        }

        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            var renegotiating = _phase == NegotiationPhase.Stable;
            if (_phase != NegotiationPhase.Idle && !(renegotiating && _remoteOffer is not null))
            {
                throw new InvalidOperationException("The peer may offer first, or again after it offered before; not while our own offer is out.");
            }

            // The BUNDLE tag carries the transport when we can take it, else the first section we can (RFC 8843 §7.3.1).
            var bundle = offer.FindGroup(MediaGroup.Bundle);
            MediaDescription? transportSection = null;
            foreach (var section in offer.Media)
            {
                if (AnswerWriter.RefusalOf(section, bundle) is null && (transportSection is null || section.Mid == bundle!.Mids[0]))
                {
                    transportSection = section;
                }
            }

            if (transportSection is null)
            {
                error = "the offer has no bundled audio or video m-line we can take";
                return false;
            }

            if (!TryReadRemoteTransport(offer, transportSection, out var transport, out error))
            {
                return false;
            }

            if (renegotiating)
            {
                if (transport.Ufrag != _remoteTransport!.Ufrag || transport.Password != _remoteTransport.Password)
                {
                    error = "the offer restarts ICE, which needs a new connection";
                    return false;
                }

                if (offer.Media.Count < _transceivers.Count)
                {
                    error = "the offer drops m-lines (rejecting one takes port 0)";
                    return false;
                }

                for (var i = 0; i < _transceivers.Count; i++)
                {
                    if (offer.Media[i].Mid is { } mid && _transceivers[i].Mid != mid)
                    {
                        error = $"m-line {i} changed its mid from \"{_transceivers[i].Mid}\" to \"{mid}\"";
                        return false;
                    }
                }
            }

            _remoteOffer = offer;
            _pendingTransport = transport;
            _phase = NegotiationPhase.HaveRemoteOffer;
            return true;
        }
    }

    /// <summary>
    /// Our answer to the peer's offer: the directions <see cref="AnswerWriter"/> settles, <c>a=setup:active</c>
    /// (passive only when the peer offered active), our host candidate. On the first answer, starts ICE (controlled,
    /// or controlling when the peer is ICE-lite) and then DTLS. Sending transceivers no offered m-line took are
    /// dropped from <see cref="Transceivers"/> and marked rejected.
    /// </summary>
    /// <exception cref="InvalidOperationException">No offer of the peer's is waiting for an answer.</exception>
    public string CreateAnswer()
    {
        string text;
        bool started;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            if (_phase != NegotiationPhase.HaveRemoteOffer)
            {
                throw new InvalidOperationException("There is no offer of the peer's to answer.");
            }

            var offer = _remoteOffer!;
            var transport = _pendingTransport!;
            var firstAnswer = _remoteTransport is null;
            var setup = firstAnswer ? (transport.Setup == DtlsSetup.Active ? DtlsSetup.Passive : DtlsSetup.Active) : _answerSetup;
            var bundle = offer.FindGroup(MediaGroup.Bundle);
            var answer = new SessionDescription { Origin = Origin.Create(_sessionId, ++_answerVersion) };
            var unbound = firstAnswer ? new List<RtcTransceiver>(_transceivers) : [];
            var transceivers = new List<RtcTransceiver>();
            var accepted = new List<string>();
            for (var i = 0; i < offer.Media.Count; i++)
            {
                var offered = offer.Media[i];
                var refusal = AnswerWriter.RefusalOf(offered, bundle);
                var peer = offered.EffectiveDirection(offer);
                var transceiver = firstAnswer ? null : i < _transceivers.Count ? _transceivers[i] : null;
                if (transceiver is null && refusal is null && peer is MediaDirection.ReceiveOnly or MediaDirection.SendReceive)
                {
                    transceiver = unbound.Find(t => t.Kind == offered.Kind && t.LayerCount == 1 && AnswerWriter.CanSend(offered, t));
                    if (transceiver is not null)
                    {
                        unbound.Remove(transceiver);
                        transceiver.BindMid(offered.Mid!);
                    }
                }

                transceiver ??= NewRemoteTransceiver(offered, transceivers.Count);
                transceivers.Add(transceiver);
                var direction = Settle(transceiver.WantedDirection, peer);
                if (refusal is not null || direction == MediaDirection.Inactive)
                {
                    answer.Media.Add(AnswerSections.Rejected(offered));
                    transceiver.Negotiated = null;
                    transceiver.SetRejected(true);
                    continue;
                }

                var sender = direction is MediaDirection.SendOnly or MediaDirection.SendReceive ? transceiver : null;
                var section = AnswerWriter.Accept(offered, direction, _localTransport, setup, sender, _cname);
                answer.Media.Add(section);
                transceiver.Negotiated = NegotiatedMedia.From(section, offered, direction);
                transceiver.SetRejected(false);
                ApplyClockRates(transceiver);
                accepted.Add(offered.Mid!);
            }

            foreach (var dropped in unbound)
            {
                dropped.SetRejected(true);
            }

            _transceivers.Clear();
            _transceivers.AddRange(transceivers);
            answer.Groups.Add(new MediaGroup(MediaGroup.Bundle, accepted));
            answer.MsidSemantic = new MsidSemantic("WMS", [_streamId]);
            _phase = NegotiationPhase.Stable;
            PublishRoutingPlan();
            started = firstAnswer;
            if (firstAnswer)
            {
                _answerSetup = setup;

                // The offerer controls, unless it is ICE-lite (RFC 8445 §6.1.1), which the agent handles.
                StartTransport(transport, controlling: false, setup == DtlsSetup.Active ? DtlsRole.Client : DtlsRole.Server);
            }

            text = answer.ToString();
        }

        if (started)
        {
            RaiseConnecting();
        }

        return text;
    }

    /// <summary>A receiving transceiver for an m-line the peer offered (its mid, kind from its section).</summary>
    private RtcTransceiver NewRemoteTransceiver(MediaDescription offered, int index) =>
        new(this, offered.Mid ?? LocalTransport.Format(index), offered.Kind, MediaDirection.ReceiveOnly, RtcTransceiverOptions.Default, _streamId, 0, _time);

    /// <summary>Our direction: what we offered, narrowed by what the answer (seen from the peer) allows (RFC 3264 §6.1).</summary>
    private static MediaDirection Settle(MediaDirection offered, MediaDirection answered)
    {
        var peerReceives = answered is MediaDirection.ReceiveOnly or MediaDirection.SendReceive;
        var peerSends = answered is MediaDirection.SendOnly or MediaDirection.SendReceive;
        var sends = offered is MediaDirection.SendOnly or MediaDirection.SendReceive && peerReceives;
        var receives = offered is MediaDirection.ReceiveOnly or MediaDirection.SendReceive && peerSends;
        return (sends, receives) switch
        {
            (true, true) => MediaDirection.SendReceive,
            (true, false) => MediaDirection.SendOnly,
            (false, true) => MediaDirection.ReceiveOnly,
            _ => MediaDirection.Inactive,
        };
    }

    /// <summary>The answer's section with only the payload types we offered (an answer may not add any, RFC 3264 §6.1).</summary>
    private static MediaDescription Intersect(MediaDescription answer, MediaDescription offer)
    {
        var copy = new MediaDescription(answer.Media, answer.Port, answer.Protocol) { RtcpReducedSize = answer.RtcpReducedSize };
        foreach (var codec in answer.Codecs)
        {
            if (offer.FindCodec(codec.PayloadType) is not null)
            {
                copy.Codecs.Add(codec);
            }
        }

        copy.WildcardFeedback.AddRange(answer.WildcardFeedback);
        copy.HeaderExtensions.AddRange(answer.HeaderExtensions);
        return copy;
    }

    /// <summary>Sender reports need each stream's clock; the negotiated primary codec gives it.</summary>
    private static void ApplyClockRates(RtcTransceiver transceiver)
    {
        var negotiated = transceiver.Negotiated;
        if (negotiated is null || negotiated.PrimaryPayloadType < 0)
        {
            return;
        }

        foreach (var stream in transceiver.SendStreams)
        {
            stream.ClockRate = negotiated.ClockRateOf(negotiated.PrimaryPayloadType);
        }
    }
}
