using OpenLive.Sfu.Forwarding;

namespace OpenLive.Sfu;

/// <summary>Taps: a member's track handed to egress as the SFU receives it (see <see cref="ITrackTapSink"/>).</summary>
public sealed partial class MediaRoom
{
    private readonly List<TrackTap> _taps = [];

    /// <summary>
    /// Taps <paramref name="memberId"/>'s <paramref name="source"/> track: from now on, and across the member's
    /// unpublish/republish and reconnects, <paramref name="sink"/> receives that track's packets (top simulcast layer)
    /// until the returned tap is disposed or the room closes. A keyframe is asked for at each attach. The member need
    /// not publish yet; <see cref="MediaErrorKind.RoomClosed"/> once the room has ended.
    /// </summary>
    public MediaResult<TrackTap> Tap(string memberId, TrackSource source, ITrackTapSink sink)
    {
        ArgumentNullException.ThrowIfNull(memberId);
        ArgumentNullException.ThrowIfNull(sink);
        lock (_gate)
        {
            if (_closed)
            {
                return new MediaError(MediaErrorKind.RoomClosed, "the room's media has ended");
            }

            var tap = new TrackTap(Untap, memberId, source, sink);
            _taps.Add(tap);
            RefreshTapLocked(tap);
            return tap;
        }
    }

    private void Untap(TrackTap tap)
    {
        lock (_gate)
        {
            if (tap.Ended)
            {
                return;
            }

            _taps.Remove(tap);
            EndTapLocked(tap);
        }
    }

    /// <summary>Attaches every tap to its member's current track of its source (after tracks started, ended or changed).</summary>
    private void RefreshTapsLocked()
    {
        foreach (var tap in _taps)
        {
            RefreshTapLocked(tap);
        }
    }

    /// <summary>The room closed: every tap ends.</summary>
    private void CloseTapsLocked()
    {
        foreach (var tap in _taps)
        {
            EndTapLocked(tap);
        }

        _taps.Clear();
    }

    private void RefreshTapLocked(TrackTap tap)
    {
        PublishedTrack? current = null;
        if (_members.TryGetValue(tap.MemberId, out var member))
        {
            current = Array.Find(member.Tracks, t => t.Source == tap.Source && !t.Ended);
        }

        if (ReferenceEquals(current, tap.Attached))
        {
            return;
        }

        var previous = tap.Attached;
        tap.Attached = current;

        // Attach and detach run on the media thread, in the order posted: the sink hears of a track before its first
        // packet and of its end after its last.
        if (previous is not null)
        {
            _engine.Post(() =>
            {
                previous.RemoveTap(tap);
                tap.Sink.OnTrackDetached();
            });
        }

        if (current is not null)
        {
            var layer = current.Layers.Length - 1;
            var codec = current.Codec;
            var described = new TappedTrack(tap.MemberId, tap.Source, codec.Name, (int)codec.ClockRate, codec.IsVideo ? 0 : codec.Channels ?? 1,
                codec.Fmtp, current.Layers[layer].Rid);
            _engine.Post(() =>
            {
                tap.Layer = layer;
                tap.Sink.OnTrackAttached(described);
                current.AddTap(tap);
            });
            tap.RequestKeyframe();
        }
    }

    private void EndTapLocked(TrackTap tap)
    {
        tap.Ended = true;
        var attached = tap.Attached;
        tap.Attached = null;
        _engine.Post(() =>
        {
            if (attached is not null)
            {
                attached.RemoveTap(tap);
                tap.Sink.OnTrackDetached();
            }

            tap.Sink.OnClosed();
        });
    }
}
