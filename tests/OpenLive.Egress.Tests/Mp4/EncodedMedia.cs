namespace OpenLive.Egress.Tests.Mp4;

/// <summary>
/// H.264 and Opus from real encoders, as the depacketizers will hand them over: ffmpeg's libx264 (constrained baseline
/// as WebRTC sends it, an access unit delimiter before each picture so the stream splits into access units, SPS/PPS
/// before each IDR as Chrome sends them) and libopus (20 ms packets from an Ogg file). Timestamps are what RTP gives:
/// 90 kHz per picture at 30 fps, 48 kHz per packet, from arbitrary non-zero starts.
/// </summary>
public sealed class EncodedMedia : IAsyncLifetime
{
    /// <summary>Seconds of media in the main clip.</summary>
    public const int Seconds = 6;

    /// <summary>Pictures per second.</summary>
    public const int FramesPerSecond = 30;

    /// <summary>Keyframe interval of the main clip, in pictures (one every 2 s).</summary>
    public const int Gop = 60;

    private static readonly string SecondsText = Seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private readonly string directory = System.IO.Directory.CreateTempSubdirectory("openlive-mp4-media-").FullName;

    /// <summary>The 320x240 clip's access units in Annex B, in decode order.</summary>
    public IReadOnlyList<byte[]> Video { get; private set; } = [];

    /// <summary>A 2 s 640x360 clip (its size is not a whole number of macroblocks: the SPS crops).</summary>
    public IReadOnlyList<byte[]> LargerVideo { get; private set; } = [];

    /// <summary>The clip's Opus packets (20 ms each).</summary>
    public IReadOnlyList<byte[]> Audio { get; private set; } = [];

    /// <summary>A scratch directory removed with the fixture.</summary>
    public string Directory => directory;

    public async ValueTask InitializeAsync()
    {
        var h264 = Path.Combine(directory, "clip.h264");
        var larger = Path.Combine(directory, "larger.h264");
        var ogg = Path.Combine(directory, "clip.ogg");
        await MediaTool.RunCheckedAsync("ffmpeg", [
            "-v", "error", "-y",
            "-f", "lavfi", "-t", SecondsText, "-i", $"testsrc=size=320x240:rate={FramesPerSecond}",
            "-f", "lavfi", "-t", SecondsText, "-i", "sine=frequency=440:sample_rate=48000",
            "-map", "0:v", "-pix_fmt", "yuv420p", "-c:v", "libx264", "-profile:v", "baseline", "-preset", "ultrafast", "-tune", "zerolatency",
            "-g", Gop.ToString(System.Globalization.CultureInfo.InvariantCulture), "-x264-params", "aud=1",
            "-bsf:v", "h264_mp4toannexb", "-f", "h264", h264,
            "-map", "1:a", "-c:a", "libopus", "-b:a", "64k", "-frame_duration", "20", "-f", "ogg", ogg,
        ]);
        await MediaTool.RunCheckedAsync("ffmpeg", [
            "-v", "error", "-y",
            "-f", "lavfi", "-t", "2", "-i", $"testsrc=size=640x360:rate={FramesPerSecond}",
            "-pix_fmt", "yuv420p", "-c:v", "libx264", "-profile:v", "baseline", "-preset", "ultrafast", "-tune", "zerolatency",
            "-g", Gop.ToString(System.Globalization.CultureInfo.InvariantCulture), "-x264-params", "aud=1",
            "-bsf:v", "h264_mp4toannexb", "-f", "h264", larger,
        ]);
        Video = SplitAccessUnits(await File.ReadAllBytesAsync(h264));
        LargerVideo = SplitAccessUnits(await File.ReadAllBytesAsync(larger));
        Audio = OggOpusPackets.Read(await File.ReadAllBytesAsync(ogg));
    }

    public ValueTask DisposeAsync()
    {
        System.IO.Directory.Delete(directory, recursive: true);
        return ValueTask.CompletedTask;
    }

    /// <summary>Whether an access unit holds an IDR slice.</summary>
    public static bool IsKeyframe(byte[] accessUnit)
    {
        for (var i = 0; i + 3 < accessUnit.Length; i++)
        {
            if (accessUnit[i] == 0 && accessUnit[i + 1] == 0 && accessUnit[i + 2] == 1 && (accessUnit[i + 3] & 0x1F) == 5)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Splits an Annex B stream before each access unit delimiter (00 00 00 01 09).</summary>
    private static List<byte[]> SplitAccessUnits(byte[] stream)
    {
        var starts = new List<int>();
        for (var i = 0; i + 4 < stream.Length; i++)
        {
            if (stream[i] == 0 && stream[i + 1] == 0 && stream[i + 2] == 0 && stream[i + 3] == 1 && (stream[i + 4] & 0x1F) == 9)
            {
                starts.Add(i);
            }
        }

        Assert.True(starts.Count > 0 && starts[0] == 0, "the encoder wrote no access unit delimiters");
        var units = new List<byte[]>(starts.Count);
        for (var k = 0; k < starts.Count; k++)
        {
            var end = k + 1 < starts.Count ? starts[k + 1] : stream.Length;
            units.Add(stream[starts[k]..end]);
        }

        return units;
    }
}
