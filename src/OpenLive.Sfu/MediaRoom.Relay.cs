using OpenLive.Rtc.Sdp;
using OpenLive.Sfu.Forwarding;
using OpenLive.Sfu.Negotiation;

namespace OpenLive.Sfu;

/// <summary>A track a <see cref="RelayPublisher"/> brings: its id (the origin's mid), source, codec and the SSRC it arrives with.</summary>
internal sealed record RelayedTrack(string Id, TrackSource Source, NegotiatedCodec Codec, uint Ssrc);

public sealed partial class MediaRoom
{
    /// <summary>
    /// A member publishes here what a node-to-node link brings from another node (cascading's groundwork): its tracks
    /// become the room's like a WebRTC publisher's — offered to the others, HAS_ events on their first packet, ended when
    /// the member leaves or the relay is replaced — and the returned relay takes the link's packets on the media thread.
    /// The member's rights apply as to any publish (<see cref="MediaErrorKind.NotPermitted"/>); a member publishing over
    /// WebRTC stops doing so (one origin per member).
    /// </summary>
    internal MediaResult<RelayPublisher> PublishRelay(string memberId, IReadOnlyList<RelayedTrack> tracks, IRelayUpstream upstream)
    {
        try
        {
            return PublishRelayOrRefuse(memberId, tracks, upstream);
        }
        catch (MediaRefusal refusal)
        {
            return refusal.Error;
        }
    }

    private RelayPublisher PublishRelayOrRefuse(string memberId, IReadOnlyList<RelayedTrack> tracks, IRelayUpstream upstream)
    {
        lock (_gate)
        {
            ThrowIfClosed();
            var member = MemberLocked(memberId);
            foreach (var track in tracks)
            {
                if (!member.Permissions.MaySend(track.Source))
                {
                    throw new MediaRefusal(MediaPermissions.SendRight(track.Source), $"{memberId} may not send {track.Source}");
                }

                if (track.Ssrc == 0 || tracks.Count(t => t.Ssrc == track.Ssrc || t.Id == track.Id) > 1)
                {
                    throw new MediaRefusal(MediaErrorKind.InvalidDescription, $"relayed track \"{track.Id}\" needs an SSRC and an id of its own");
                }
            }

            ClosePublisherLocked(member);
            var interval = (long)(_engine.Options.KeyframeRequestInterval.TotalSeconds * _engine.Time.TimestampFrequency);
            var relay = new RelayPublisher(memberId, this, upstream, interval);
            member.Relay = relay;
            member.Tracks = [.. tracks.Select(track => new PublishedTrack(memberId, SpecOf(track), relay, _engine.Options))];
            var snapshot = member.Tracks;
            _engine.Attach(relay, snapshot);
            RefreshAllLocked();
            return relay;
        }
    }

    /// <summary>
    /// A relayed track as the SFU describes incoming tracks: one layer with the given SSRC and the header extension ids
    /// of the SFU's own subscriber connections — what the origin node's SFU writes on the packets it forwards.
    /// </summary>
    private static IncomingTrackSpec SpecOf(RelayedTrack track) =>
        new(track.Id, track.Codec.IsVideo ? MediaKind.Video : MediaKind.Audio, track.Source, track.Codec, [], track.Ssrc, null, ExtensionIds.Subscriber);
}
