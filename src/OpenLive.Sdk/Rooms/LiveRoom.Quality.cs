using OpenLive.Core.Errors;
using OpenLive.Sdk.Media;
using OpenLive.Sdk.Quality;

namespace OpenLive.Sdk.Rooms;

/// <summary>
/// Quality data as iLiveSDK gave it (<c>qualityParamCallback</c> every <c>timeElapse</c> ms, <c>getQualityData</c>):
/// a timer samples the room's connections every <see cref="LiveRoomOptions.QualityInterval"/> while the client is in
/// the room, and is disposed when it leaves.
/// </summary>
public sealed partial class LiveRoom
{
    private readonly Lock _qualityGate = new();
    private QualitySampler? _quality;
    private ITimer? _qualityTimer;

    // The subscriber's m-lines by mid, as the server's last offer labelled them (member and source); replaced whole by the
    // offer-answering task and read by the quality timer, hence volatile.
    private volatile Dictionary<string, (string UserId, MediaTrackSource Source)> _receivedLabels = new(StringComparer.Ordinal);

    /// <summary>
    /// Every <see cref="LiveRoomOptions.QualityInterval"/> while in the room: the client's own view of its media
    /// (iLiveSDK's <c>qualityParamCallback</c>). Not raised after the client left.
    /// </summary>
    public event EventHandler<LiveQualityEventArgs>? QualityUpdated;

    /// <summary>
    /// The same snapshot as <see cref="QualityUpdated"/> on demand (iLiveSDK's <c>getQualityData</c>), measured since
    /// the last periodic one (which it repeats when asked within 100 ms of it).
    /// </summary>
    /// <exception cref="LiveException">1201 once the client has left the room.</exception>
    public Task<LiveRoomQuality> GetStatsAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        EnsureEntered();
        var sampler = _quality ?? throw new LiveException(AVErrorCode.RoomNotExist, $"no longer in room {Id}");
        return Task.FromResult(sampler.Sample(QualityTracks(), periodic: false));
    }

    /// <summary>Starts the periodic sampling (after entering).</summary>
    internal void StartQuality(TimeSpan interval, TimeProvider time)
    {
        lock (_qualityGate)
        {
            if (_ended || _quality is not null)
            {
                return;
            }

            _quality = new QualitySampler(time);
            _qualityTimer = time.CreateTimer(static state => ((LiveRoom)state!).OnQualityTick(), this, interval, interval);
        }
    }

    private void OnQualityTick()
    {
        var sampler = _quality;
        if (_ended || sampler is null)
        {
            return;
        }

        var quality = sampler.Sample(QualityTracks(), periodic: true);
        if (!_ended)
        {
            _client.RaiseFor(QualityUpdated, this, new LiveQualityEventArgs(quality));
        }
    }

    /// <summary>Stops the timer (the room ended or was left).</summary>
    private void StopQuality()
    {
        lock (_qualityGate)
        {
            _qualityTimer?.Dispose();
            _qualityTimer = null;
        }
    }

    /// <summary>The server's offer named what each subscriber m-line carries.</summary>
    private void LabelReceivedTracks(Protocol.V1.SubscriberOffer offer)
    {
        var labels = new Dictionary<string, (string, MediaTrackSource)>(StringComparer.Ordinal);
        foreach (var track in offer.Tracks)
        {
            labels[track.Mid] = (track.UserId, (MediaTrackSource)(int)track.Source);
        }

        _receivedLabels = labels;
    }

    private List<QualitySampler.TrackRef> QualityTracks()
    {
        var tracks = new List<QualitySampler.TrackRef>();
        if (_publisher is { } publisher)
        {
            var self = Self.UserId;
            AddSent(publisher.Audio, MediaTrackSource.Audio);
            AddSent(publisher.Camera, MediaTrackSource.Camera);
            AddSent(publisher.Screen, MediaTrackSource.Screen);

            void AddSent(Rtc.Client.RtcTransceiver? transceiver, MediaTrackSource source)
            {
                if (transceiver is not null)
                {
                    tracks.Add(new QualitySampler.TrackRef(transceiver, true, self, source));
                }
            }
        }

        if (_subscriber is { } subscriber)
        {
            var labels = _receivedLabels;
            foreach (var transceiver in subscriber.Transceivers)
            {
                if (!transceiver.IsRejected && labels.TryGetValue(transceiver.Mid, out var label))
                {
                    tracks.Add(new QualitySampler.TrackRef(transceiver, false, label.UserId, label.Source));
                }
            }
        }

        return tracks;
    }
}
