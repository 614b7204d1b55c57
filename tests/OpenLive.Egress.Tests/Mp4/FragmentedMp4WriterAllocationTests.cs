using OpenLive.Egress.Media;
using OpenLive.Egress.Mp4;
using OpenLive.Tests.Shared;

namespace OpenLive.Egress.Tests.Mp4;

/// <summary>Recording many tracks per core: after warm-up, writing frames (fragments included) allocates nothing.</summary>
public sealed class FragmentedMp4WriterAllocationTests(EncodedMedia media) : IClassFixture<EncodedMedia>
{
    [Fact]
    public void WritingFramesAndFragments_AllocatesNothing_AfterWarmUp()
    {
        using var writer = new FragmentedMp4Writer(Stream.Null, RecordingFeed.H264Track, RecordingFeed.OpusTrack);
        var video = media.Video.Select(d => (ReadOnlyMemory<byte>)d).ToArray();
        var audio = media.Audio.Select(d => (ReadOnlyMemory<byte>)d).ToArray();

        // Two passes over the clip grow every buffer to its fragments' size; the third is measured.
        for (var pass = 0; pass < 2; pass++)
        {
            Write(writer, video, audio, pass);
        }

        // Pass 2 warms up once more, passes 3-5 are the three windows (see AllocationMeter).
        var fragmentsBefore = writer.FragmentsWritten;
        var nextPass = 2;
        var allocated = AllocationMeter.LeastAllocated(() => Write(writer, video, audio, nextPass++), iterations: 1);

        Assert.Equal(4 * 3, writer.FragmentsWritten - fragmentsBefore);
        Assert.Equal(0, allocated);
    }

    private static void Write(FragmentedMp4Writer writer, ReadOnlyMemory<byte>[] video, ReadOnlyMemory<byte>[] audio, int pass)
    {
        // Capture order: 30 fps video and 50 pps audio interleaved by time, timestamps continuing across passes.
        var videoBase = RecordingFeed.VideoRtpStart + (pass * video.Length * 3000L);
        var audioBase = RecordingFeed.AudioRtpStart + (pass * audio.Length * 960L);
        int v = 0, a = 0;
        while (v < video.Length || a < audio.Length)
        {
            if (v < video.Length && (a >= audio.Length || v * 50 <= a * 30))
            {
                Check(writer.WriteVideo(new MediaFrame(video[v], videoBase + (v * 3000L), false)));
                v++;
            }
            else
            {
                Check(writer.WriteAudio(new MediaFrame(audio[a], audioBase + (a * 960L), true)));
                a++;
            }
        }
    }

    // Not Assert.Equal inside the measured loop: only a failure may allocate.
    private static void Check(Mp4WriteStatus status)
    {
        if (status != Mp4WriteStatus.Accepted)
        {
            Assert.Fail($"the writer answered {status}");
        }
    }
}
