using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;
using OpenLive.Egress.Depacketizing;
using OpenLive.Egress.Media;
using OpenLive.Egress.Tests.Depacketizing;
using OpenLive.Egress.WebM;

namespace OpenLive.Egress.Tests.WebM;

/// <summary>One recorded input: a track, its RTP packets as they arrived, and its clock mapping (null: the writer's default).</summary>
internal sealed record RecordedInput(EgressTrack Track, IReadOnlyList<FfmpegTool.Arrival> Packets, TrackClockMapping? Mapping = null);

/// <summary>
/// The egress pipeline in-process, as the SFU will run it: per track an <see cref="RtpDepacketizer"/> feeding one
/// <see cref="WebMWriter"/>. Packets of all tracks are replayed in their arrival order, the writer's clock stepped to
/// each packet's arrival time (so a default clock mapping sees the real arrival times).
/// </summary>
internal static class RecordingRig
{
    public static RtpDepacketizerCounters[] Record(Stream output, IReadOnlyList<RecordedInput> inputs, bool finish = true, WebMWriterOptions? options = null, Action<WebMWriter, int>? afterEachPacket = null)
    {
        var start = new DateTimeOffset(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);
        var time = new FakeTimeProvider(start);
        using var writer = new WebMWriter(output, [.. inputs.Select(i => i.Track)], options, time);
        var depacketizers = new RtpDepacketizer[inputs.Count];
        var merged = new List<(long At, int Track, byte[] Bytes)>();
        for (var i = 0; i < inputs.Count; i++)
        {
            if (inputs[i].Mapping is { } mapping)
            {
                writer.SetClockMapping(i, mapping);
            }

            depacketizers[i] = new RtpDepacketizer(inputs[i].Track, writer.SinkFor(i));
            merged.AddRange(inputs[i].Packets.Select(p => (p.At, i, p.Bytes)));
        }

        // A stable sort keeps each track's own delivery order (which a test may have impaired on purpose).
        merged = [.. merged.OrderBy(p => p.At)];
        var first = merged.Count > 0 ? merged[0].At : 0;
        var pushed = 0;
        foreach (var (at, track, bytes) in merged)
        {
            time.SetUtcNow(start + Stopwatch.GetElapsedTime(first, Math.Max(first, at)));
            depacketizers[track].Push(bytes);
            afterEachPacket?.Invoke(writer, ++pushed);
        }

        var counters = new RtpDepacketizerCounters[inputs.Count];
        for (var i = 0; i < inputs.Count; i++)
        {
            if (finish)
            {
                depacketizers[i].Flush();
            }

            counters[i] = depacketizers[i].Counters;
            depacketizers[i].Dispose();
        }

        if (finish)
        {
            Assert.True(writer.Finish(), writer.Failure?.ToString());
        }
        else
        {
            // A crash: nothing after the last flushed cluster reaches the file. Dispose would finish; keep it from the stream.
            output.Flush();
            output.Dispose();
        }

        return counters;
    }
}
