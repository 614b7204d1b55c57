using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using OpenLive.Egress.Media;
using OpenLive.Egress.Mp4;
using OpenLive.Egress.Tests.Mp4;
using OpenLive.Egress.Tests.WebM;
using OpenLive.Egress.WebM;

namespace OpenLive.Egress.Tests.Media;

/// <summary>
/// One Opus pre-skip for both containers (<see cref="OpusPreSkip"/>): a picture and an Opus packet captured at the same
/// instant start at the same time in a WebM and in a fragmented MP4, as ffprobe reads them, and both declare the same
/// pre-skip (ffprobe's <c>initial_padding</c>).
/// </summary>
public sealed class OpusPreSkipTests(EncodedMedia media) : IClassFixture<EncodedMedia>
{
    private static readonly EgressTrack Vp8 = new(EgressCodec.Vp8, 90_000, 0);

    [Fact]
    public async Task AudioAndVideoCapturedTogether_StartTogether_InWebMAndMp4_WithTheSamePreSkip()
    {
        var webm = Path.Combine(media.Directory, "preskip.webm");
        await using (var file = File.Create(webm))
        {
            using var writer = new WebMWriter(file, [Vp8, RecordingFeed.OpusTrack], time: new FakeTimeProvider());
            // In capture order: 30 pictures and 50 packets a second, the first of each at the same instant.
            for (int v = 0, a = 0; v < 50 || a < 80;)
            {
                if (v < 50 && (a >= 80 || v * 50 <= a * 30))
                {
                    var key = v % 30 == 0;
                    writer.WriteFrame(0, new MediaFrame(key ? TestFrames.Vp8Keyframe() : TestFrames.Vp8Interframe(), RecordingFeed.VideoRtpStart + (v++ * 3000L), key));
                }
                else
                {
                    writer.WriteFrame(1, new MediaFrame(media.Audio[a], RecordingFeed.AudioRtpStart + (a++ * 960L), true));
                }
            }

            Assert.True(writer.Finish());
        }

        var mp4 = Path.Combine(media.Directory, "preskip.mp4");
        await using (var file = File.Create(mp4))
        {
            using var writer = new FragmentedMp4Writer(file, RecordingFeed.H264Track, RecordingFeed.OpusTrack, time: new FakeTimeProvider());
            new RecordingFeed().AddVideo(media.Video.Take(50)).AddAudio(media.Audio.Take(80)).WriteTo(writer);
            Assert.Equal(Mp4WriteStatus.Accepted, writer.Finish());
        }

        var inWebM = await StartsAsync(webm);
        var inMp4 = await StartsAsync(mp4);
        Assert.True(Math.Abs(inWebM.Audio - inWebM.Video) < 0.0005, $"WebM: audio starts at {inWebM.Audio} s, video at {inWebM.Video} s");
        Assert.True(Math.Abs(inMp4.Audio - inMp4.Video) < 0.0005, $"MP4: audio starts at {inMp4.Audio} s, video at {inMp4.Video} s");
        Assert.Equal(OpusPreSkip.Samples, inWebM.PreSkip);
        Assert.Equal(OpusPreSkip.Samples, inMp4.PreSkip);
    }

    private static async Task<(double Video, double Audio, int PreSkip)> StartsAsync(string file)
    {
        var json = await MediaTool.RunCheckedAsync("ffprobe", "-v", "error", "-show_entries", "stream=codec_type,start_time,initial_padding", "-of", "json", file);
        using var document = JsonDocument.Parse(json);
        double video = double.NaN, audio = double.NaN;
        var preSkip = -1;
        foreach (var stream in document.RootElement.GetProperty("streams").EnumerateArray())
        {
            var start = double.Parse(stream.GetProperty("start_time").GetString()!, CultureInfo.InvariantCulture);
            if (stream.GetProperty("codec_type").GetString() == "video")
            {
                video = start;
            }
            else
            {
                audio = start;
                preSkip = stream.TryGetProperty("initial_padding", out var padding) ? padding.GetInt32() : 0;
            }
        }

        return (video, audio, preSkip);
    }
}
