using OpenLive.Egress.Media;
using OpenLive.Egress.Mp4;

namespace OpenLive.Egress.Tests.Mp4;

/// <summary>
/// Feeds encoded frames to a writer in the order RTP would deliver them: by capture time, video at 90 kHz and audio at
/// 48 kHz from non-zero RTP starts, and collects what the writer answered.
/// </summary>
internal sealed class RecordingFeed
{
    public const long VideoRtpStart = 1_234_567_890;
    public const long AudioRtpStart = 987_654_321;

    private readonly List<(double Time, bool IsVideo, byte[] Data, long Timestamp)> frames = [];

    /// <summary>Video access units at 30 fps, the first (index 0) at <paramref name="startSeconds"/>.</summary>
    public RecordingFeed AddVideo(IEnumerable<byte[]> accessUnits, double startSeconds = 0, int firstIndex = 0)
    {
        var i = firstIndex;
        foreach (var unit in accessUnits)
        {
            frames.Add((startSeconds + (double)i / EncodedMedia.FramesPerSecond, true, unit, VideoRtpStart + (long)Math.Round((startSeconds * 90_000) + (i * 3000L))));
            i++;
        }

        return this;
    }

    /// <summary>Opus packets of 20 ms, the first (index 0) at <paramref name="startSeconds"/>.</summary>
    public RecordingFeed AddAudio(IEnumerable<byte[]> packets, double startSeconds = 0, int firstIndex = 0)
    {
        var i = firstIndex;
        foreach (var packet in packets)
        {
            frames.Add((startSeconds + (i * 0.02), false, packet, AudioRtpStart + (long)Math.Round((startSeconds * 48_000) + (i * 960L))));
            i++;
        }

        return this;
    }

    /// <summary>Writes every frame in capture order; returns the statuses per kind.</summary>
    public (List<Mp4WriteStatus> Video, List<Mp4WriteStatus> Audio) WriteTo(FragmentedMp4Writer writer, Action<FragmentedMp4Writer>? afterEach = null)
    {
        var video = new List<Mp4WriteStatus>();
        var audio = new List<Mp4WriteStatus>();
        foreach (var (_, isVideo, data, timestamp) in frames.OrderBy(f => f.Time))
        {
            var frame = new MediaFrame(data, timestamp, isVideo && EncodedMedia.IsKeyframe(data));
            if (isVideo)
            {
                video.Add(writer.WriteVideo(frame));
            }
            else
            {
                audio.Add(writer.WriteAudio(frame));
            }

            afterEach?.Invoke(writer);
        }

        return (video, audio);
    }

    public static EgressTrack H264Track { get; } = new(EgressCodec.H264, 90_000, 0);

    public static EgressTrack OpusTrack { get; } = new(EgressCodec.Opus, 48_000, 2);
}
