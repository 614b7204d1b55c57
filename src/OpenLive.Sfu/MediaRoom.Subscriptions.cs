using OpenLive.Rtc.Dtls;
using OpenLive.Rtc.Sdp;
using OpenLive.Sfu.Forwarding;
using OpenLive.Sfu.Negotiation;

namespace OpenLive.Sfu;

/// <summary>Who receives what: auto-received audio, requested (or auto-requested) video views, and the server-offered subscriber connection.</summary>
public sealed partial class MediaRoom
{
    /// <summary>
    /// iLiveSDK requestViewList: replaces the member's video views. Refusals: <see cref="MediaErrorKind.NoSuchPublisher"/>
    /// when a publisher is absent or sends nothing, <see cref="MediaErrorKind.NoSuchVideo"/> when it sends no video of
    /// that source, <see cref="MediaErrorKind.NotPermitted"/> without the receive right.
    /// </summary>
    public MediaResult SetViews(string memberId, IReadOnlyList<ViewRequest> views)
    {
        ArgumentNullException.ThrowIfNull(views);
        try
        {
            SetViewsOrRefuse(memberId, views);
            return MediaResult.Success;
        }
        catch (MediaRefusal refusal)
        {
            return refusal.Error;
        }
    }

    private void SetViewsOrRefuse(string memberId, IReadOnlyList<ViewRequest> views)
    {
        lock (_gate)
        {
            ThrowIfClosed();
            var member = MemberLocked(memberId);
            foreach (var view in views)
            {
                if (view.Source == TrackSource.Audio)
                {
                    throw new MediaRefusal(MediaErrorKind.InvalidDescription, "a view is camera or screen video; audio is received automatically");
                }

                if (!member.Permissions.MayReceive(view.Source))
                {
                    throw new MediaRefusal(MediaPermissions.ReceiveRight(view.Source),
                        $"not allowed to receive {(view.Source == TrackSource.Camera ? "camera" : "screen")} video");
                }

                if (!_members.TryGetValue(view.PublisherId, out var publisher) || !Array.Exists(publisher.Tracks, t => t.HasMedia && !t.Ended))
                {
                    throw new MediaRefusal(MediaErrorKind.NoSuchPublisher, $"\"{view.PublisherId}\" sends no audio or video in this room");
                }

                if (!Array.Exists(publisher.Tracks, t => t.Source == view.Source && t.HasMedia && !t.Ended))
                {
                    throw new MediaRefusal(MediaErrorKind.NoSuchVideo,
                        $"\"{view.PublisherId}\" sends no {(view.Source == TrackSource.Camera ? "camera" : "screen")} video");
                }
            }

            member.Views = [.. views];
            RefreshLocked(member);
        }
    }

    /// <summary>iLiveSDK cancelAllView: no video views, and no automatic ones either until the member asks again.</summary>
    public void CancelViews(string memberId)
    {
        lock (_gate)
        {
            var member = MemberLocked(memberId);
            member.Views = [];
            member.AutoReceiveCamera = false;
            member.AutoReceiveScreen = false;
            RefreshLocked(member);
        }
    }

    /// <summary>
    /// Applies the member's answer to offer <paramref name="revision"/>. Refusals: <see cref="MediaErrorKind.NoPendingOffer"/>
    /// for a stale revision or when no offer is out, <see cref="MediaErrorKind.InvalidDescription"/> for bad SDP.
    /// </summary>
    public MediaResult AnswerSubscriber(string memberId, string answerSdp, uint revision)
    {
        ArgumentNullException.ThrowIfNull(answerSdp);
        try
        {
            AnswerSubscriberOrRefuse(memberId, answerSdp, revision);
            return MediaResult.Success;
        }
        catch (MediaRefusal refusal)
        {
            return refusal.Error;
        }
    }

    private void AnswerSubscriberOrRefuse(string memberId, string answerSdp, uint revision)
    {
        if (!SessionDescription.TryParse(answerSdp, out var answer, out var error))
        {
            throw new MediaRefusal(MediaErrorKind.InvalidDescription, $"the answer is not valid SDP: {error}");
        }

        lock (_gate)
        {
            ThrowIfClosed();
            if (!_members.TryGetValue(memberId, out var member) || member.Subscriber is null || !member.AwaitingAnswer || revision != member.OfferRevision)
            {
                throw new MediaRefusal(MediaErrorKind.NoPendingOffer, $"no subscriber offer {revision} is waiting for an answer");
            }

            var subscriber = member.Subscriber;
            if (!member.SubscriberStarted)
            {
                var first = answer.Media.Count > 0 ? answer.Media[0] : null;
                var ufrag = first?.IceUfrag ?? answer.IceUfrag;
                var fingerprints = first is { Fingerprints.Count: > 0 } ? first.Fingerprints : answer.Fingerprints;
                var setup = first?.Setup ?? answer.Setup ?? DtlsSetup.Active;
                if (ufrag is null)
                {
                    throw new MediaRefusal(MediaErrorKind.InvalidDescription, "the answer has no a=ice-ufrag");
                }

                var password = first?.IcePwd ?? answer.IcePwd;
                subscriber.Transport.Start(ufrag, password, RemoteFingerprints(fingerprints), setup == DtlsSetup.Passive ? DtlsRole.Client : DtlsRole.Server);
                subscriber.Extensions = answer.Media.Count > 0 ? ExtensionIds.From(answer.Media[0]) with { Rid = 0, RepairedRid = 0 } : ExtensionIds.Subscriber;
                member.SubscriberStarted = true;
            }

            foreach (var section in member.Sections)
            {
                if (section.Track is not { } track)
                {
                    continue;
                }

                var answered = answer.FindMedia(section.Mid);
                var accepted = answered is { Port: > 0 } && answered.EffectiveDirection(answer) is MediaDirection.ReceiveOnly or MediaDirection.SendReceive;
                if (accepted && track.RtxPayloadType != 0 && answered!.FindCodec(track.RtxPayloadType) is null)
                {
                    track.RtxPayloadType = 0; // RTX refused: resend lost packets as they were.
                }

                track.Active = accepted;
            }

            member.AwaitingAnswer = false;
            member.PendingOffer = null;
            if (member.NeedsOffer)
            {
                member.NeedsOffer = false;
                SendOfferLocked(member);
            }
        }
    }

    /// <summary>
    /// Sends the member's unanswered subscriber offer again (same revision), for a member whose signaling connection
    /// dropped and came back: a push lost with the old connection would otherwise leave the SFU waiting for an answer
    /// that never comes, and the member would receive nothing new. No-op when no offer is out.
    /// </summary>
    public void ResendSubscriberOffer(string memberId)
    {
        lock (_gate)
        {
            if (_closed || !_members.TryGetValue(memberId, out var member) || !member.AwaitingAnswer || member.PendingOffer is not { } info)
            {
                return;
            }

            var id = member.Id;
            Raise(() => _events.SubscriberOffer(id, info));
        }
    }

    private void RefreshAllLocked()
    {
        foreach (var member in _members.Values)
        {
            RefreshLocked(member);
        }

        RefreshTapsLocked();
    }

    /// <summary>Brings the member's subscriber connection in line with what it should receive; offers when that changed.</summary>
    private void RefreshLocked(MediaMember member)
    {
        if (_closed)
        {
            return;
        }

        if (!member.ServerOffers)
        {
            DropUnplayableLocked(member); // Its own offer chose what it receives (WHEP); nothing is ever offered to it.
            return;
        }

        var wanted = WantedTracks(member);
        var changed = false;

        // Sections whose track is no longer wanted (or ended) turn inactive.
        foreach (var section in member.Sections)
        {
            if (section.Track is not { } forwarded)
            {
                continue;
            }

            if (!forwarded.Source.Ended && wanted.Remove(forwarded.Source, out var quality))
            {
                ApplyQuality(forwarded, quality);
                continue;
            }

            Unbind(member, section);
            changed = true;
        }

        if (wanted.Count > 0 && member.Subscriber is null)
        {
            var transport = _engine.CreateTransport();
            member.Subscriber = new SubscriberConnection(member.Id, transport, this, _engine.Options);
            member.SubscriberStarted = false;
            member.PayloadTypes.Clear();
            _engine.Attach(member.Subscriber);
        }

        foreach (var (track, quality) in wanted)
        {
            var section = member.Sections.Find(s => s.Track is null && s.Kind == (track.IsVideo ? MediaKind.Video : MediaKind.Audio));
            if (section is null)
            {
                section = new SubscriberSection(SubscriberOfferBuilder.MidOf(member.Sections.Count), track.IsVideo ? MediaKind.Video : MediaKind.Audio);
                member.Sections.Add(section);
            }

            var (payloadType, rtxPayloadType) = PayloadTypesFor(member, track.Codec);
            Bind(member, section, track, payloadType, rtxPayloadType, quality);
            changed = true;
        }

        if (!changed)
        {
            return;
        }

        if (member.AwaitingAnswer)
        {
            member.NeedsOffer = true;
        }
        else
        {
            SendOfferLocked(member);
        }
    }

    /// <summary>The tracks the member should receive now, with the quality asked for each.</summary>
    private Dictionary<PublishedTrack, VideoQualityRequest> WantedTracks(MediaMember member)
    {
        var wanted = new Dictionary<PublishedTrack, VideoQualityRequest>();
        foreach (var other in _members.Values)
        {
            if (ReferenceEquals(other, member))
            {
                continue;
            }

            foreach (var track in other.Tracks)
            {
                if (!track.HasMedia || track.Ended || !member.Permissions.MayReceive(track.Source))
                {
                    continue;
                }

                var view = member.Views.FirstOrDefault(v => v.PublisherId == other.Id && v.Source == track.Source);
                var automatic = track.Source switch
                {
                    TrackSource.Audio => true,
                    TrackSource.Camera => member.AutoReceiveCamera,
                    _ => member.AutoReceiveScreen,
                };
                if (view is not null || automatic)
                {
                    wanted[track] = view?.Quality ?? VideoQualityRequest.Auto;
                }
            }
        }

        return wanted;
    }

    /// <summary>Starts forwarding <paramref name="track"/> on <paramref name="section"/> of the member's subscriber connection.</summary>
    private static ForwardedTrack Bind(MediaMember member, SubscriberSection section, PublishedTrack track, byte payloadType, byte rtxPayloadType, VideoQualityRequest quality)
    {
        var subscriber = member.Subscriber!;
        var forwarded = new ForwardedTrack(track, subscriber, section.Mid, NewSsrc(), NewSsrc(), payloadType, rtxPayloadType);
        ApplyQuality(forwarded, quality);
        section.Track = forwarded;
        subscriber.AddTrack(forwarded);
        track.AddSubscriber(forwarded);
        return forwarded;
    }

    /// <summary>Stops forwarding the section's track; the section stays (m-lines are never removed).</summary>
    private static void Unbind(MediaMember member, SubscriberSection section)
    {
        if (section.Track is { } forwarded)
        {
            forwarded.Source.RemoveSubscriber(forwarded);
            member.Subscriber?.RemoveTrack(forwarded);
            section.Track = null;
        }
    }

    private static void ApplyQuality(ForwardedTrack track, VideoQualityRequest quality)
    {
        var layers = track.Source.Layers.Length;
        var layer = quality switch
        {
            VideoQualityRequest.Low => 0,
            VideoQualityRequest.Medium => Math.Min(1, layers - 1),
            _ => layers - 1,
        };
        track.RequestedLayer = quality == VideoQualityRequest.Auto ? -1 : layer;
        track.TargetLayer = layer;
    }

    private void SendOfferLocked(MediaMember member)
    {
        var subscriber = member.Subscriber;
        if (subscriber is null)
        {
            return;
        }

        var transport = subscriber.Transport;
        var local = new LocalTransportParameters(transport.LocalIce.Ufrag, transport.LocalIce.Password, transport.LocalFingerprint, _engine.Candidates, _engine.TcpEndPoint?.Port);
        member.OfferRevision++;
        var offer = SubscriberOfferBuilder.Build(member.Sections, local, _sessionId, member.OfferRevision);
        var tracks = new List<ReceivedTrackInfo>();
        foreach (var section in member.Sections)
        {
            if (section.Track is { } track)
            {
                tracks.Add(new ReceivedTrackInfo(section.Mid, track.Source.MemberId, track.Source.Source));
            }
        }

        member.AwaitingAnswer = true;
        var info = new SubscriberOfferInfo(offer.ToString(), member.OfferRevision, tracks, member.SubscriberConnection);
        member.PendingOffer = info;
        var id = member.Id;
        Raise(() => _events.SubscriberOffer(id, info));
    }

    private static (byte PayloadType, byte RtxPayloadType) PayloadTypesFor(MediaMember member, NegotiatedCodec codec)
    {
        if (member.PayloadTypes.TryGetValue(codec.Key, out var known))
        {
            return known;
        }

        var used = new HashSet<int>();
        foreach (var (pt, rtx) in member.PayloadTypes.Values)
        {
            used.Add(pt);
            used.Add(rtx);
        }

        var payloadType = !used.Contains(codec.PayloadType) ? (byte)codec.PayloadType : Free(used);
        used.Add(payloadType);
        byte rtxPayloadType = 0;
        if (codec.IsVideo)
        {
            rtxPayloadType = codec.RtxPayloadType is { } offered && !used.Contains(offered) ? (byte)offered : Free(used);
        }

        member.PayloadTypes[codec.Key] = (payloadType, rtxPayloadType);
        return (payloadType, rtxPayloadType);

        static byte Free(HashSet<int> used)
        {
            for (var pt = 96; pt <= 127; pt++)
            {
                if (!used.Contains(pt))
                {
                    return (byte)pt;
                }
            }

            for (var pt = 35; pt <= 63; pt++)
            {
                if (!used.Contains(pt))
                {
                    return (byte)pt;
                }
            }

            throw new MediaRefusal(MediaErrorKind.OutOfResources, "no free payload type left on the subscriber connection");
        }
    }

    private static uint NewSsrc() => (uint)Random.Shared.NextInt64(1, uint.MaxValue);
}
