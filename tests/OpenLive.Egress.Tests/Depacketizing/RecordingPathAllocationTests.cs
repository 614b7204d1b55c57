using OpenLive.Egress.Depacketizing;
using OpenLive.Egress.Media;
using OpenLive.Egress.Tests.WebM;
using OpenLive.Egress.WebM;
using OpenLive.Tests.Shared;

namespace OpenLive.Egress.Tests.Depacketizing;

/// <summary>The recording's packet path — reorder window, depacketizer, WebM writer — allocates nothing per packet or frame in steady state.</summary>
public sealed class RecordingPathAllocationTests
{
    private const int Rounds = 6;
    private const int FramesPerRound = 90; // 3 s at 30 fps, a keyframe at the start of each round

    [Fact]
    public void Vp8AndOpusIntoWebM_AllocateNothingInSteadyState() => Measure(liveReaderCameAndWent: false);

    [Fact]
    public void Vp8AndOpusIntoWebM_AllocateNothing_AfterALiveReaderCameAndWent() => Measure(liveReaderCameAndWent: true);

    private static void Measure(bool liveReaderCameAndWent)
    {
        var video = new EgressTrack(EgressCodec.Vp8, 90_000, 0);
        var audio = new EgressTrack(EgressCodec.Opus, 48_000, 2);
        var rounds = BuildRounds();
        using var writer = new WebMWriter(Stream.Null, [video, audio]);
        using var videoDepacketizer = new RtpDepacketizer(video, writer.SinkFor(0));
        using var audioDepacketizer = new RtpDepacketizer(audio, writer.SinkFor(1));
        void Play(List<(bool Video, byte[] Packet)> round)
        {
            foreach (var (isVideo, packet) in round)
            {
                (isVideo ? videoDepacketizer : audioDepacketizer).Push(packet);
            }
        }

        Play(rounds[0]);
        if (liveReaderCameAndWent)
        {
            var reader = writer.OpenFromNextKeyframe();
            Play(rounds[1]);
            reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
        else
        {
            Play(rounds[1]);
        }

        // Round 2 warms up, rounds 3-5 are the three windows.
        var next = 2;
        var allocated = AllocationMeter.LeastAllocated(() => Play(rounds[next++]), iterations: 1, windows: 3);

        Assert.Equal(0, allocated);
        Assert.Equal(0, writer.LiveReaders);
        Assert.True(videoDepacketizer.Counters.Frames == Rounds * FramesPerRound, videoDepacketizer.Counters.ToString());
        Assert.True(writer.BytesWritten > 500_000, $"{writer.BytesWritten} bytes written");
    }

    /// <summary>Each round: 3 s of VP8 (two 1,200-byte packets a frame) and Opus (50 packets/s) interleaved as they would arrive.</summary>
    private static List<(bool Video, byte[] Packet)>[] BuildRounds()
    {
        var key = TestFrames.Vp8Keyframe(length: 2400);
        var inter = TestFrames.Vp8Interframe(length: 2400);
        var rounds = new List<(bool, byte[])>[Rounds];
        ushort videoSequence = 1;
        ushort audioSequence = 7;
        uint audioTimestamp = 0;
        for (var r = 0; r < Rounds; r++)
        {
            rounds[r] = [];
            for (var f = 0; f < FramesPerRound; f++)
            {
                var frame = f == 0 ? key : inter;
                var timestamp = (uint)(((r * FramesPerRound) + f) * 3000);
                for (var p = 0; p < 2; p++)
                {
                    byte[] payload = [(byte)(p == 0 ? 0x10 : 0x00), .. frame.AsSpan(p * 1200, 1200)];
                    rounds[r].Add((true, TestRtp.Packet(videoSequence++, timestamp, p == 1, payload)));
                }

                // 50 audio packets for every 30 video frames.
                var audioDue = ((((r * FramesPerRound) + f + 1) * 50) / 30) - (audioTimestamp / 960);
                for (var a = 0; a < audioDue; a++)
                {
                    rounds[r].Add((false, TestRtp.Packet(audioSequence++, audioTimestamp, false, new byte[90], 111)));
                    audioTimestamp += 960;
                }
            }
        }

        return rounds;
    }
}
