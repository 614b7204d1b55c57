using OpenLive.Rtc.Dtls;
using OpenLive.Rtc.Sdp;
using OpenLive.Sfu.Forwarding;
using OpenLive.Sfu.Negotiation;

namespace OpenLive.Sfu;

/// <summary>
/// Client-offered playback (WHEP): a member without a signaling channel offers to receive one publisher, and the
/// answer fixes what its connection carries for good — no renegotiation follows. Tracks that end (the publisher
/// unpublishes or leaves) stop; the connection stays until the member leaves or its consent lapses.
/// </summary>
public sealed partial class MediaRoom
{
    /// <summary>
    /// Answers <paramref name="memberId"/>'s offer to receive <paramref name="publisherId"/>'s audio and camera (a
    /// second video m-line gets the screen); see <see cref="PlaybackAnswerBuilder"/> for how m-lines are served.
    /// Publisher tracks count from the moment they are negotiated, before their first packet.
    /// </summary>
    /// <remarks>
    /// Refusals: <see cref="MediaErrorKind.NoSuchPublisher"/> when the publisher is not here or publishes nothing,
    /// <see cref="MediaErrorKind.NoSuchVideo"/> when only missing video was asked for, <see cref="MediaErrorKind.NotPermitted"/>
    /// without the receive rights, <see cref="MediaErrorKind.UnsupportedCodec"/> without a common codec,
    /// <see cref="MediaErrorKind.InvalidDescription"/> for a bad offer, <see cref="MediaErrorKind.AlreadyReceiving"/> when
    /// the member already plays (one playback per member; end it by leaving).
    /// </remarks>
    public MediaResult<string> Play(string memberId, string publisherId, string offerSdp)
    {
        ArgumentNullException.ThrowIfNull(offerSdp);
        try
        {
            return PlayOrRefuse(memberId, publisherId, offerSdp);
        }
        catch (MediaRefusal refusal)
        {
            return refusal.Error;
        }
    }

    private string PlayOrRefuse(string memberId, string publisherId, string offerSdp)
    {
        if (!SessionDescription.TryParse(offerSdp, out var offer, out var error))
        {
            throw new MediaRefusal(MediaErrorKind.InvalidDescription, $"the offer is not valid SDP: {error}");
        }

        lock (_gate)
        {
            ThrowIfClosed();
            var member = MemberLocked(memberId);
            if (member.Subscriber is not null)
            {
                throw new MediaRefusal(MediaErrorKind.AlreadyReceiving, "this member already receives media on its own connection");
            }

            var playable = new Dictionary<TrackSource, PublishedTrack>();
            if (memberId != publisherId && _members.TryGetValue(publisherId, out var publisher))
            {
                foreach (var track in publisher.Tracks)
                {
                    if (!track.Ended)
                    {
                        playable[track.Source] = track;
                    }
                }
            }

            var codecs = new Dictionary<TrackSource, NegotiatedCodec>();
            foreach (var (source, track) in playable)
            {
                codecs[source] = track.Codec;
            }

            var plan = PlaybackAnswerBuilder.Match(offer, codecs, member.Permissions);
            var fingerprints = RemoteFingerprints(plan.Transport.Fingerprints);

            // Nothing below refuses: the connection, its tracks and the answer are made together.
            var transport = _engine.CreateTransport();
            var subscriber = new SubscriberConnection(memberId, transport, this, _engine.Options) { Extensions = plan.Extensions };
            member.ServerOffers = false;
            member.Subscriber = subscriber;
            member.SubscriberStarted = true;
            member.Sections.Clear();
            var labels = new TrackLabel?[plan.Sections.Count];
            for (var i = 0; i < labels.Length; i++)
            {
                var planned = plan.Sections[i];
                if (planned.Source is { } source)
                {
                    var section = new SubscriberSection(planned.Offered.Mid!, planned.Offered.Kind);
                    member.Sections.Add(section);
                    var forwarded = Bind(member, section, playable[source], planned.PayloadType, planned.RtxPayloadType, VideoQualityRequest.Auto);
                    forwarded.Active = true; // Our answer is final: nothing waits for the player.
                    labels[i] = TrackLabel.Of(forwarded);
                }
            }

            var local = new LocalTransportParameters(transport.LocalIce.Ufrag, transport.LocalIce.Password, transport.LocalFingerprint, _engine.Candidates, _engine.TcpEndPoint?.Port);
            var answer = PlaybackAnswerBuilder.Write(offer, plan, labels, local, _sessionId, 1);
            transport.Start(plan.Transport.Ufrag, plan.Transport.Password, fingerprints, plan.LocalSetup == DtlsSetup.Active ? DtlsRole.Client : DtlsRole.Server);
            _engine.Attach(subscriber);
            return answer.ToString();
        }
    }

    /// <summary>Stops a self-negotiated member's tracks that ended or that it may no longer receive (its m-lines stay, silent).</summary>
    private static void DropUnplayableLocked(MediaMember member)
    {
        foreach (var section in member.Sections)
        {
            if (section.Track is { } forwarded && (forwarded.Source.Ended || !member.Permissions.MayReceive(forwarded.Source.Source)))
            {
                Unbind(member, section);
            }
        }
    }
}
