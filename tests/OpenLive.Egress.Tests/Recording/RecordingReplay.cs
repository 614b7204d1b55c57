using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using OpenLive.Egress.Depacketizing;
using OpenLive.Egress.Recording;
using OpenLive.Egress.Tests.Depacketizing;

namespace OpenLive.Egress.Tests.Recording;

/// <summary>One event of a tapped track as the SFU's media thread delivers it, at a time (Stopwatch ticks of the capture).</summary>
internal abstract record TapEvent(long At, int Track);

internal sealed record AttachEvent(long At, int Track, string Codec, int ClockRate, int Channels) : TapEvent(At, Track);

internal sealed record RtpEvent(long At, int Track, byte[] Packet) : TapEvent(At, Track);

internal sealed record DetachEvent(long At, int Track) : TapEvent(At, Track);

/// <summary>A sender report of the track: its RTP timestamp <paramref name="RtpTimestamp"/> was sampled at <paramref name="WallClock"/>.</summary>
internal sealed record SenderReportEvent(long At, int Track, uint RtpTimestamp, DateTimeOffset WallClock) : TapEvent(At, Track);

/// <summary>
/// Plays tap events into a recording's feeds as the media thread would, on a fake clock stepped to each event's
/// capture time, and runs the worker's pass every <see cref="Pass"/> of that clock (deterministic: the test is the
/// worker thread).
/// </summary>
internal sealed class RecordingReplay
{
    public static readonly TimeSpan Pass = TimeSpan.FromMilliseconds(15);

    public RecordingReplay(RecordingOptions? options = null)
    {
        Options = options ?? new RecordingOptions();
        Worker = new RecordingWorker(Options, Time, NullLogger<RecordingWorker>.Instance);
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 12, 5, 12, 0, 0, TimeSpan.Zero));

    public RecordingOptions Options { get; }

    public RecordingWorker Worker { get; }

    public List<RecordedTrackInput> Inputs { get; } = [];

    public CountingKeyframes VideoKeyframes { get; } = new();

    public RecordingTrackFeed AddTrack(RecordedTrackKind kind)
    {
        var feed = new RecordingTrackFeed(kind == RecordedTrackKind.Video ? Options.VideoRingSlots : Options.AudioRingSlots, Options.MaxPacketBytes, Time);
        Inputs.Add(new RecordedTrackInput(feed, kind, kind == RecordedTrackKind.Video ? VideoKeyframes : null));
        return feed;
    }

    /// <summary>Events in capture-time order into the feeds (index = the order of <see cref="AddTrack"/>), passes in between.</summary>
    public void Play(IEnumerable<TapEvent> events)
    {
        var ordered = events.OrderBy(e => e.At).ToList();
        if (ordered.Count == 0)
        {
            return;
        }

        var first = ordered[0].At;
        var origin = Time.GetUtcNow();
        var nextPass = origin + Pass;
        foreach (var tapEvent in ordered)
        {
            var at = origin + Stopwatch.GetElapsedTime(first, tapEvent.At);
            while (nextPass <= at)
            {
                Time.SetUtcNow(nextPass);
                Worker.PumpAll();
                nextPass += Pass;
            }

            if (at > Time.GetUtcNow())
            {
                Time.SetUtcNow(at);
            }

            var feed = Inputs[tapEvent.Track].Feed;
            switch (tapEvent)
            {
                case AttachEvent a:
                    feed.OnTrackAttached(a.Codec, a.ClockRate, a.Channels, null);
                    break;
                case RtpEvent r:
                    feed.OnRtp(r.Packet);
                    break;
                case DetachEvent:
                    feed.OnTrackDetached();
                    break;
                case SenderReportEvent report:
                    feed.OnSenderReport(OpenLive.Rtc.Rtcp.NtpTime.FromDateTimeOffset(report.WallClock), report.RtpTimestamp);
                    break;
            }
        }

        Time.Advance(Pass);
        Worker.PumpAll();
    }

    /// <summary>Runs passes (advancing the fake clock) until <paramref name="recording"/> has ended.</summary>
    public async Task<RecordingResult> FinishAsync(MemberRecording recording)
    {
        for (var i = 0; i < 1000 && !recording.Completion.IsCompleted; i++)
        {
            Time.Advance(Pass);
            Worker.PumpAll();
        }

        Assert.True(recording.Completion.IsCompleted, "the recording did not end within 1,000 worker passes");
        return await recording.Completion;
    }

    /// <summary>
    /// A capture's packets re-timed by their RTP timestamps (both lavfi sources start at media time 0), as a publisher
    /// sends them: arrival times under a loaded machine (ffmpeg's encoders lagging each other by a second) would test
    /// the machine, not the recorder.
    /// </summary>
    public static List<FfmpegTool.Arrival> Paced(IReadOnlyList<FfmpegTool.Arrival> packets, int clockRate)
    {
        var first = TestRtp.TimestampOf(packets[0].Bytes);
        return [.. packets.Select(p => new FfmpegTool.Arrival(
            1_000_000 + (long)((double)(uint)(TestRtp.TimestampOf(p.Bytes) - first) * Stopwatch.Frequency / clockRate), p.Bytes))];
    }

    /// <summary>A capture's packets as RTP events of a track, after an attach just before the first.</summary>
    public static IEnumerable<TapEvent> Track(int track, string codec, int clockRate, int channels, IReadOnlyList<FfmpegTool.Arrival> packets)
    {
        yield return new AttachEvent(packets[0].At - 1, track, codec, clockRate, channels);
        foreach (var packet in packets)
        {
            yield return new RtpEvent(packet.At, track, packet.Bytes);
        }
    }
}

/// <summary>Counts keyframe requests (the SFU's tap in the server).</summary>
internal sealed class CountingKeyframes : IKeyframeRequester
{
    private int _requests;

    public int Requests => Volatile.Read(ref _requests);

    public void RequestKeyframe() => Interlocked.Increment(ref _requests);
}

/// <summary>Files at a path stem, as the server's outputs make them; remembers what was closed.</summary>
internal sealed class FileOutputs(string stem) : IRecordingOutputs
{
    public string? Path { get; private set; }

    public bool? ClosedFailed { get; private set; }

    public Stream Create(RecordingContainer container)
    {
        Path = stem + (container == RecordingContainer.Mp4 ? ".mp4" : ".webm");
        return new FileStream(Path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read);
    }

    public void Closed(RecordingContainer container, bool failed) => ClosedFailed = failed;
}
