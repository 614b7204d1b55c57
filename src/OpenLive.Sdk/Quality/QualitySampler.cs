using OpenLive.Rtc.Client;
using OpenLive.Sdk.Media;

namespace OpenLive.Sdk.Quality;

/// <summary>
/// Turns the connections' cumulative counters into per-interval figures: it keeps each transceiver's counters from
/// the last periodic sample (the baseline) and divides the differences by the time since. An on-demand sample
/// measures from the same baseline without moving it, so it does not shorten the next periodic interval.
/// </summary>
internal sealed class QualitySampler
{
    /// <summary>Shorter than this since the baseline, an on-demand sample repeats the last periodic one (rates over a few ms are noise).</summary>
    private static readonly TimeSpan MinimumInterval = TimeSpan.FromMilliseconds(100);

    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private Dictionary<RtcTransceiver, Counters> _baseline = [];
    private long _baselineAt;
    private TimeSpan _baselineCpu;
    private LiveRoomQuality? _last;

    public QualitySampler(TimeProvider time)
    {
        _time = time;
        _baselineAt = time.GetTimestamp();
        _baselineCpu = ProcessCpu();
    }

    /// <summary>A snapshot since the baseline; <paramref name="periodic"/> makes now the next baseline.</summary>
    public LiveRoomQuality Sample(IReadOnlyList<TrackRef> tracks, bool periodic)
    {
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            var elapsed = _time.GetElapsedTime(_baselineAt, now);
            if (!periodic && _last is not null && elapsed < MinimumInterval)
            {
                return _last;
            }

            var seconds = Math.Max(elapsed.TotalSeconds, 1e-3);
            var cpu = ProcessCpu();
            var next = new Dictionary<RtcTransceiver, Counters>(tracks.Count);
            var figures = new List<LiveTrackQuality>(tracks.Count);
            double sendKbps = 0, receiveKbps = 0, upLoss = 0;
            long lost = 0, expected = 0;
            TimeSpan? roundTrip = null;
            var jitter = TimeSpan.Zero;
            foreach (var track in tracks)
            {
                var counters = Read(track);
                next[track.Transceiver] = counters;
                var before = _baseline.GetValueOrDefault(track.Transceiver);
                var kbps = Math.Max(0, counters.Bytes - before.Bytes) * 8 / seconds / 1000;
                var fps = Math.Max(0, counters.Frames - before.Frames) / seconds;
                var (width, height) = track.Sending ? track.Transceiver.SentFrameSize : track.Transceiver.ReceivedFrameSize;
                if (track.Sending)
                {
                    var sent = track.Transceiver.GetSendStatistics();
                    sendKbps += kbps;
                    upLoss = Math.Max(upLoss, sent.FractionLost);
                    if (sent.RoundTripTime is { } rtt && (roundTrip is null || rtt > roundTrip))
                    {
                        roundTrip = rtt;
                    }

                    figures.Add(new LiveTrackQuality(true, track.UserId, track.Source, kbps, fps, width, height, sent.FractionLost, sent.RoundTripTime, TimeSpan.Zero));
                }
                else
                {
                    var received = track.Transceiver.GetReceiveStatistics();
                    var lostNow = Math.Max(0, counters.Lost - before.Lost);
                    var expectedNow = lostNow + Math.Max(0, counters.Packets - before.Packets);
                    receiveKbps += kbps;
                    lost += lostNow;
                    expected += expectedNow;
                    jitter = received.Jitter > jitter ? received.Jitter : jitter;
                    figures.Add(new LiveTrackQuality(false, track.UserId, track.Source, kbps, fps, width, height,
                        expectedNow == 0 ? 0 : (double)lostNow / expectedNow, null, received.Jitter));
                }
            }

            var cpuPercent = Math.Clamp((cpu - _baselineCpu).TotalSeconds / seconds / Environment.ProcessorCount * 100, 0, 100);
            var quality = new LiveRoomQuality(_time.GetUtcNow(), elapsed, sendKbps, receiveKbps, upLoss, expected == 0 ? 0 : (double)lost / expected,
                roundTrip, jitter, cpuPercent, figures);
            if (periodic)
            {
                _baseline = next;
                _baselineAt = now;
                _baselineCpu = cpu;
                _last = quality;
            }

            return quality;
        }
    }

    private static Counters Read(TrackRef track)
    {
        if (track.Sending)
        {
            var sent = track.Transceiver.GetSendStatistics();
            return new Counters(sent.PayloadBytesSent, sent.PacketsSent, 0, track.Transceiver.FramesSent);
        }

        var received = track.Transceiver.GetReceiveStatistics();
        return new Counters(received.PayloadBytesReceived, received.PacketsReceived, received.PacketsLost, track.Transceiver.FramesReceived);
    }

    /// <summary>The process's CPU time so far (user and kernel, all threads).</summary>
    private static TimeSpan ProcessCpu() => Environment.CpuUsage.TotalTime;

    /// <summary>A track to sample: a transceiver and whose it is.</summary>
    public readonly record struct TrackRef(RtcTransceiver Transceiver, bool Sending, string UserId, MediaTrackSource Source);

    private readonly record struct Counters(long Bytes, long Packets, long Lost, long Frames);
}
