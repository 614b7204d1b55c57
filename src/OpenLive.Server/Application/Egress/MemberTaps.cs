using OpenLive.Egress.Recording;
using OpenLive.Sfu;

namespace OpenLive.Server.Application.Egress;

/// <summary>
/// The taps of one egress output: the member's audio and camera (or screen), or its audio alone, each into a
/// <see cref="RecordingTrackFeed"/> a <see cref="MemberRecording"/> reads. Recordings and live outputs each hold their
/// own (taps are cheap: a copy of each packet into a ring), so either can end without the other.
/// </summary>
internal sealed class MemberTaps
{
    private readonly List<TrackTap> _taps = [];

    /// <summary>The recording's inputs, once <see cref="Open"/> succeeded.</summary>
    public List<RecordedTrackInput> Inputs { get; } = new(2);

    /// <summary>Taps the request's tracks; the media error when the room refuses one (then nothing stays tapped).</summary>
    public MediaError? Open(MediaRoom media, EgressRequest request, RecordingOptions options, TimeProvider time)
    {
        var sources = request.AudioOnly
            ? [TrackSource.Audio]
            : new[] { TrackSource.Audio, request.Video == EgressVideo.Screen ? TrackSource.Screen : TrackSource.Camera };
        foreach (var source in sources)
        {
            var kind = source == TrackSource.Audio ? RecordedTrackKind.Audio : RecordedTrackKind.Video;
            var feed = new RecordingTrackFeed(kind == RecordedTrackKind.Audio ? options.AudioRingSlots : options.VideoRingSlots, options.MaxPacketBytes, time);
            var sink = new RecordingTapSink(feed);
            var tapped = media.Tap(request.MemberId, source, sink);
            if (tapped.Error is { } error)
            {
                Dispose();
                return error;
            }

            sink.Tap = tapped.Value!;
            lock (_taps)
            {
                _taps.Add(tapped.Value!);
            }

            Inputs.Add(new RecordedTrackInput(feed, kind, kind == RecordedTrackKind.Video ? sink : null));
        }

        return null;
    }

    /// <summary>Ends every tap (nothing more comes in); safe to call more than once and from any thread.</summary>
    public void Dispose()
    {
        TrackTap[] taps;
        lock (_taps)
        {
            taps = [.. _taps];
            _taps.Clear();
        }

        foreach (var tap in taps)
        {
            tap.Dispose();
        }
    }
}
