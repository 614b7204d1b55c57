using OpenLive.Rtc.Dtls;
using OpenLive.Rtc.Sdp;
using OpenLive.Sfu.Forwarding;
using OpenLive.Sfu.Negotiation;

namespace OpenLive.Sfu;

/// <summary>
/// One room's media on this node: its members' publisher and subscriber connections, their tracks, and who receives
/// what. The control plane (the room grain) calls it with decisions already made about membership; it applies auth
/// bits to media (what may be sent and received) and negotiates SDP. Thread-safe: one lock per room for control
/// operations; media-thread events are handed to the thread pool and take the same lock.
/// </summary>
public sealed partial class MediaRoom : IPublisherEvents, ISubscriberEvents
{
    private readonly object _gate = new();
    private readonly Dictionary<string, MediaMember> _members = new(StringComparer.Ordinal);
    private readonly SfuEngine _engine;
    private readonly IMediaRoomEvents _events;
    private readonly ulong _sessionId = (ulong)Random.Shared.NextInt64(1, long.MaxValue);
    private bool _closed;

    internal MediaRoom(string key, SfuEngine engine, IMediaRoomEvents events)
    {
        Key = key;
        _engine = engine;
        _events = events;
    }

    /// <summary>The key the control plane opened the room with.</summary>
    public string Key { get; }

    /// <summary>
    /// Adds or updates a member's media rights and auto-receive preferences; losing a right stops that media at once.
    /// <paramref name="serverOffers"/> is false for members without a signaling channel (WHIP/WHEP, <see cref="MediaMember.ServerOffers"/>).
    /// </summary>
    public void SetMember(string memberId, MediaPermissions permissions, bool autoReceiveCamera, bool autoReceiveScreen, bool serverOffers)
    {
        lock (_gate)
        {
            var member = MemberLocked(memberId);
            member.ServerOffers = serverOffers;
            member.Permissions = permissions;
            member.AutoReceiveCamera = autoReceiveCamera;
            member.AutoReceiveScreen = autoReceiveScreen;
            if (member.Publisher is not null || member.Relay is not null)
            {
                var kept = new List<PublishedTrack>();
                foreach (var track in member.Tracks)
                {
                    if (permissions.MaySend(track.Source))
                    {
                        kept.Add(track);
                    }
                    else
                    {
                        EndTrackLocked(member, track);
                    }
                }

                member.Tracks = [.. kept];
                var publisher = member.Publisher;
                var relay = member.Relay;
                var tracks = member.Tracks;
                _engine.Post(() =>
                {
                    publisher?.SetTracks(tracks);
                    relay?.SetTracks(tracks);
                });
            }

            RefreshAllLocked();
        }
    }

    /// <summary>
    /// Answers the member's publisher offer (creating its publisher connection on the first one). Tracks that are no
    /// longer sent end. Refusals: <see cref="MediaErrorKind.InvalidDescription"/> for an unusable offer,
    /// <see cref="MediaErrorKind.NotPermitted"/> for a track the member may not send, <see cref="MediaErrorKind.UnsupportedCodec"/>
    /// when no codec can be forwarded, <see cref="MediaErrorKind.RoomClosed"/> after <see cref="Close"/>.
    /// </summary>
    public MediaResult<string> Publish(string memberId, string offerSdp, IReadOnlyDictionary<string, TrackSource> declaredSources)
    {
        ArgumentNullException.ThrowIfNull(offerSdp);
        try
        {
            return PublishOrRefuse(memberId, offerSdp, declaredSources);
        }
        catch (MediaRefusal refusal)
        {
            return refusal.Error;
        }
    }

    private string PublishOrRefuse(string memberId, string offerSdp, IReadOnlyDictionary<string, TrackSource> declaredSources)
    {
        if (!SessionDescription.TryParse(offerSdp, out var offer, out var error))
        {
            throw new MediaRefusal(MediaErrorKind.InvalidDescription, $"the offer is not valid SDP: {error}");
        }

        lock (_gate)
        {
            ThrowIfClosed();
            var member = MemberLocked(memberId);
            if (member.Relay is not null
                || (member.Publisher is not null && OfferedUfrag(offer) is { } ufrag && ufrag != member.PublisherRemoteUfrag))
            {
                // Other ICE credentials: the member publishes on a new peer connection (an app that closed its
                // publisher and published again, a client restarting a dead path), not a renegotiation. The old
                // connection's transport could never check with the new one, so it goes, and its tracks end. So does
                // a relay that brought the member's tracks from another node: one origin per member.
                ClosePublisherLocked(member);
                RefreshAllLocked();
            }

            var created = member.Publisher is null;
            var transport = member.Publisher?.Transport ?? _engine.CreateTransport();
            var local = new LocalTransportParameters(transport.LocalIce.Ufrag, transport.LocalIce.Password, transport.LocalFingerprint, _engine.Candidates, _engine.TcpEndPoint?.Port);
            PublishAnswerBuilder.Result result;
            try
            {
                result = PublishAnswerBuilder.Answer(offer, declaredSources, member.Permissions, local, _sessionId, ++member.PublishVersion);
            }
            catch
            {
                if (created)
                {
                    transport.Dispose();
                }

                throw;
            }

            if (created)
            {
                var fingerprints = RemoteFingerprints(result.RemoteFingerprints);
                member.PublisherRemoteUfrag = result.RemoteUfrag;
                member.Publisher = new PublisherConnection(memberId, transport, this, _engine.Options);
                transport.Start(result.RemoteUfrag, result.RemotePassword, fingerprints, result.LocalSetup == DtlsSetup.Active ? DtlsRole.Client : DtlsRole.Server);
                _engine.Attach(member.Publisher);
            }

            var publisher = member.Publisher!;
            var tracks = new List<PublishedTrack>();
            foreach (var spec in result.Tracks)
            {
                var existing = Array.Find(member.Tracks, t => t.Spec.Mid == spec.Mid && t.Source == spec.Source && !t.Ended);
                tracks.Add(existing ?? new PublishedTrack(memberId, spec, publisher, _engine.Options));
            }

            foreach (var old in member.Tracks)
            {
                if (!tracks.Contains(old))
                {
                    EndTrackLocked(member, old);
                }
            }

            member.Tracks = [.. tracks];
            var snapshot = member.Tracks;
            _engine.Post(() => publisher.SetTracks(snapshot));
            RefreshAllLocked();
            return result.Answer.ToString();
        }
    }

    /// <summary>The member leaves: its connections close, its tracks end, nobody receives them any more.</summary>
    public void RemoveMember(string memberId)
    {
        lock (_gate)
        {
            if (!_members.Remove(memberId, out var member))
            {
                return;
            }

            CloseConnectionsLocked(member);
            RefreshAllLocked();
            if (_members.Count == 0)
            {
                _engine.ForgetRoom(Key, this);
            }
        }
    }

    /// <summary>The room ended: every connection closes.</summary>
    public void Close()
    {
        lock (_gate)
        {
            _closed = true;
            CloseTapsLocked();
            foreach (var member in _members.Values)
            {
                member.Tracks = [];
                CloseConnectionsLocked(member);
            }

            _members.Clear();
            _engine.ForgetRoom(Key, this);
        }
    }

    /// <summary>The ICE ufrag of an offer: its first media section's, else the session's (bundled: one transport).</summary>
    private static string? OfferedUfrag(SessionDescription offer)
    {
        foreach (var media in offer.Media)
        {
            if (media.IceUfrag is { } ufrag)
            {
                return ufrag;
            }
        }

        return offer.IceUfrag;
    }

    /// <summary>The member's tracks end and its publisher connection closes; the caller refreshes the others.</summary>
    private void ClosePublisherLocked(MediaMember member)
    {
        foreach (var track in member.Tracks)
        {
            EndTrackLocked(member, track);
        }

        member.Tracks = [];
        if (member.Publisher is { } publisher)
        {
            _engine.Detach(publisher.Transport);
            member.Publisher = null;
        }

        if (member.Relay is { } relay)
        {
            relay.Close();
            _engine.Detach(relay);
            member.Relay = null;
        }
    }

    /// <summary>The member's tracks end and both its connections close (<see cref="ClosePublisherLocked"/> and the subscriber).</summary>
    private void CloseConnectionsLocked(MediaMember member)
    {
        ClosePublisherLocked(member);

        if (member.Subscriber is { } subscriber)
        {
            foreach (var section in member.Sections)
            {
                if (section.Track is { } forwarded)
                {
                    forwarded.Source.RemoveSubscriber(forwarded);
                }
            }

            _engine.Detach(subscriber.Transport);
            member.Subscriber = null;
            member.Sections.Clear();
        }
    }

    private void EndTrackLocked(MediaMember member, PublishedTrack track)
    {
        track.Ended = true;
        foreach (var forwarded in track.Subscribers)
        {
            track.RemoveSubscriber(forwarded);
        }

        if (track.HasMedia)
        {
            var source = track.Source;
            var id = member.Id;
            Raise(() => _events.TrackEnded(id, source));
        }
    }

    private MediaMember MemberLocked(string memberId)
    {
        if (!_members.TryGetValue(memberId, out var member))
        {
            member = new MediaMember(memberId);
            _members[memberId] = member;
        }

        return member;
    }

    private void ThrowIfClosed()
    {
        if (_closed)
        {
            throw new MediaRefusal(MediaErrorKind.RoomClosed, "the room's media has ended");
        }
    }

    private static List<DtlsFingerprint> RemoteFingerprints(IReadOnlyList<Fingerprint> fingerprints)
    {
        var parsed = new List<DtlsFingerprint>();
        foreach (var fingerprint in fingerprints)
        {
            if (DtlsFingerprint.TryParse($"{fingerprint.HashFunction} {fingerprint.Value}", out var dtls))
            {
                parsed.Add(dtls);
            }
        }

        return parsed.Count > 0 ? parsed : throw new MediaRefusal(MediaErrorKind.InvalidDescription, "no usable a=fingerprint (sha-256 expected)");
    }

    /// <summary>Events leave the lock and the media thread: raised in order on the thread pool.</summary>
    private void Raise(Action action)
    {
        lock (_eventQueue)
        {
            _eventQueue.Enqueue(action);
            if (_eventQueue.Count > 1)
            {
                return; // A drain is running.
            }
        }

        ThreadPool.UnsafeQueueUserWorkItem(static room => room.DrainEvents(), this, preferLocal: false);
    }

    private readonly Queue<Action> _eventQueue = new();

    private void DrainEvents()
    {
        while (true)
        {
            Action next;
            lock (_eventQueue)
            {
                next = _eventQueue.Peek();
            }

            try
            {
                next();
            }
#pragma warning disable CA1031 // A failing listener must not stop later events.
            catch (Exception)
#pragma warning restore CA1031
            {
            }

            lock (_eventQueue)
            {
                _eventQueue.Dequeue();
                if (_eventQueue.Count == 0)
                {
                    return;
                }
            }
        }
    }

    void IPublisherEvents.TrackStarted(PublishedTrack track)
    {
        ThreadPool.UnsafeQueueUserWorkItem(static state =>
        {
            var (room, track) = state;
            lock (room._gate)
            {
                if (track.Ended || !room._members.ContainsKey(track.MemberId))
                {
                    return;
                }

                room.Raise(() => room._events.TrackStarted(track.MemberId, track.Source));
                room.RefreshAllLocked();
            }
        }, (this, track), preferLocal: false);
    }

    void IPublisherEvents.PublisherClosed(PublisherConnection connection, string reason)
    {
        ThreadPool.UnsafeQueueUserWorkItem(static state =>
        {
            var (room, connection, reason) = state;
            lock (room._gate)
            {
                if (room._members.TryGetValue(connection.MemberId, out var member) && ReferenceEquals(member.Publisher, connection))
                {
                    foreach (var track in member.Tracks)
                    {
                        room.EndTrackLocked(member, track);
                    }

                    member.Tracks = [];
                    member.Publisher = null;
                    room._engine.Detach(connection.Transport);
                    room.RefreshAllLocked();
                    room.RaiseConnectionLostLocked(member, reason);
                }
            }
        }, (this, connection, reason), preferLocal: false);
    }

    void ISubscriberEvents.SubscriberClosed(SubscriberConnection connection, string reason)
    {
        ThreadPool.UnsafeQueueUserWorkItem(static state =>
        {
            var (room, connection, reason) = state;
            lock (room._gate)
            {
                if (room._members.TryGetValue(connection.MemberId, out var member) && ReferenceEquals(member.Subscriber, connection))
                {
                    foreach (var section in member.Sections)
                    {
                        if (section.Track is { } forwarded)
                        {
                            forwarded.Source.RemoveSubscriber(forwarded);
                        }
                    }

                    member.Sections.Clear();
                    member.Subscriber = null;
                    member.AwaitingAnswer = false;
                    member.PendingOffer = null;
                    room._engine.Detach(connection.Transport);
                    room.RefreshLocked(member); // A fresh connection is offered if the member still receives anything.
                    room.RaiseConnectionLostLocked(member, reason);
                }
            }
        }, (this, connection, reason), preferLocal: false);
    }

    /// <summary>A member without a signaling channel cannot get a new connection: its lost one ends its stay.</summary>
    private void RaiseConnectionLostLocked(MediaMember member, string reason)
    {
        if (!member.ServerOffers)
        {
            var id = member.Id;
            Raise(() => _events.ConnectionLost(id, reason));
        }
    }
}
