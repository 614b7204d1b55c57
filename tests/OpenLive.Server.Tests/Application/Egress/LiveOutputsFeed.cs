using System.Buffers.Binary;
using System.Diagnostics;
using OpenLive.Egress.Media;
using OpenLive.Egress.WebM;

namespace OpenLive.Server.Tests.Application.Egress;

/// <summary>
/// A live VP8 stream for the live-output tests: real frames from ffmpeg's libvpx (320x240, 30 fps, a keyframe every
/// second, in IVF), written into a <see cref="WebMWriter"/> at twice real time, looped with continuing timestamps,
/// until disposed: the writer is the <see cref="OpenLive.Egress.Ffmpeg.ILiveFeedSource"/> the outputs read.
/// </summary>
internal sealed class LiveOutputsFeed : IAsyncDisposable
{
    private static readonly EgressTrack Vp8 = new(EgressCodec.Vp8, 90_000, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _pump;

    private LiveOutputsFeed(List<byte[]> frames)
    {
        Writer = new WebMWriter(Stream.Null, [Vp8]);
        _pump = Task.Run(() => PumpAsync(frames));
    }

    public WebMWriter Writer { get; }

    public static async Task<LiveOutputsFeed> StartAsync()
    {
        var directory = Directory.CreateTempSubdirectory("openlive-live-feed-").FullName;
        try
        {
            var ivf = Path.Combine(directory, "clip.ivf");
            var start = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var argument in new[] { "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=size=320x240:rate=30", "-t", "4",
                "-c:v", "libvpx", "-deadline", "realtime", "-cpu-used", "8", "-b:v", "400k", "-g", "30", "-keyint_min", "30", "-f", "ivf", ivf })
            {
                start.ArgumentList.Add(argument);
            }

            using (var ffmpeg = Process.Start(start)!)
            {
                var stderr = ffmpeg.StandardError.ReadToEndAsync();
                using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
                await ffmpeg.WaitForExitAsync(deadline.Token);
                Assert.True(ffmpeg.ExitCode == 0, await stderr);
            }

            return new LiveOutputsFeed(ReadIvf(await File.ReadAllBytesAsync(ivf)));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _pump;
        Writer.Dispose();
        _stop.Dispose();
    }

    /// <summary>IVF: a 32-byte file header, then per frame a 12-byte header (4-byte little-endian size, 8-byte pts) and the frame.</summary>
    private static List<byte[]> ReadIvf(byte[] file)
    {
        var frames = new List<byte[]>();
        for (var at = 32; at + 12 <= file.Length;)
        {
            var size = (int)BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(at));
            frames.Add(file.AsSpan(at + 12, size).ToArray());
            at += 12 + size;
        }

        Assert.True(frames.Count >= 100, $"{frames.Count} VP8 frames");
        return frames;
    }

    private async Task PumpAsync(List<byte[]> frames)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(1000.0 / 30 / 2));
        try
        {
            for (long n = 0; await timer.WaitForNextTickAsync(_stop.Token); n++)
            {
                var frame = frames[(int)(n % frames.Count)];
                var key = (frame[0] & 1) == 0; // VP8 frame tag: bit 0 clear on a keyframe (RFC 6386 §9.1)
                Writer.WriteFrame(0, new MediaFrame(frame, 1_000_000 + (n * 3000), key));
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
