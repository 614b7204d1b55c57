using System.Security.Cryptography;
using OpenLive.Rtc.Rtp.Codecs;
using OpenLive.Sfu.Tests.Support;
using OpenLive.Tests.Shared;

namespace OpenLive.Sfu.Tests.Forwarding;

/// <summary>
/// The decoder's view of VP8 forwarding: two simulcast layers that libvpx encoded with three temporal layers go through
/// the SFU's forwarding path while the test forces spatial switches and temporal targets down and up; the subscriber's
/// RTP is reassembled into an IVF file that ffmpeg must decode without an error, and every forwarded picture must decode
/// to exactly the image it decodes to in its own layer's full stream (so no picture lost a reference it needed: a
/// wrong temporal up-switch decodes without an error but differently). Picture ids and TL0PICIDX must be continuous.
/// </summary>
public sealed class Vp8SwitchDecodingTests : IDisposable
{
    private const int Frames = 90;

    // libvpx's 3-layer pattern as ffmpeg sets it (ts_layering_mode=3): TID 0 2 1 2. TID 2 at position 1 and TID 1
    // refer only to LAST (the TL0 picture): layer sync (Y). TID 2 at position 3 refers to GOLDEN (TL1) too.
    private static readonly int[] TemporalPattern = [0, 2, 1, 2];
    private static readonly bool[] SyncPattern = [false, true, true, false];

    private static readonly (int Width, int Height)[] Sizes = [(160, 96), (320, 192)];

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("openlive-vp8-switch-");

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public async Task ForcedLayerAndTemporalSwitches_DecodeWithoutErrors_ToTheSourcesImages_WithContinuousPictureIds()
    {
        var layers = new List<byte[]>[Sizes.Length];
        var sourceMd5s = new List<string>[Sizes.Length];
        for (var layer = 0; layer < Sizes.Length; layer++)
        {
            var path = Path.Combine(_directory.FullName, $"layer{layer}.ivf");
            await EncodeAsync(path, Sizes[layer]);
            layers[layer] = IvfFile.ReadFrames(path);
            Assert.Equal(Frames, layers[layer].Count);
            sourceMd5s[layer] = await FrameMd5sAsync(path);
            Assert.Equal(Frames, sourceMd5s[layer].Count);
        }

        using var rig = new ForwardingRig(subscribers: 0);
        var publisher = new Vp8SimulcastPublisher(rig, layers: 2);
        var track = publisher.Forwarded;
        var sequences = new ushort[] { 65_000, 1_000 };
        var tl0 = new[] { 250, 10 };
        var pictureIds = new[] { (Start: 100, Width: 7), (Start: 32_700, Width: 15) };
        var sources = new Dictionary<string, (int Layer, int Index)>();
        for (var f = 0; f < Frames; f++)
        {
            switch (f)
            {
                case 10: track.TargetTemporalLayer = 0; break; // Down: at once.
                case 20: track.TargetTemporalLayer = 2; break; // Up: at the next Y pictures, one layer at a time.
                case 25: track.TargetLayer = 0; break; // Spatial down: at layer 0's keyframe (30).
                case 40: track.TargetTemporalLayer = 1; break;
                case 50: track.TargetLayer = 1; break; // Spatial up: at layer 1's keyframe (60).
                case 65: track.TargetTemporalLayer = 0; break;
                case 75: track.TargetTemporalLayer = 2; break;
            }

            for (var layer = 0; layer < layers.Length; layer++)
            {
                var frame = layers[layer][f];
                sources[Convert.ToHexString(SHA256.HashData(frame))] = (layer, f);
                var keyframe = (frame[0] & 0x01) == 0;
                var tid = keyframe ? 0 : TemporalPattern[f % 4];
                if (tid == 0)
                {
                    tl0[layer]++;
                }

                var picture = new Vp8Picture((pictureIds[layer].Start + f) & ((1 << pictureIds[layer].Width) - 1), pictureIds[layer].Width,
                    tl0[layer] & 0xFF, tid, !keyframe && SyncPattern[f % 4]);
                var payloads = picture.Packetize(frame, 300);
                for (var i = 0; i < payloads.Count; i++)
                {
                    publisher.Send(layer, sequences[layer]++, (uint)(f * 3000), i == payloads.Count - 1, payloads[i]);
                }
            }
        }

        var received = publisher.Received();
        for (var i = 1; i < received.Count; i++)
        {
            Assert.Equal((ushort)(received[i - 1].Sequence + 1), received[i].Sequence);
        }

        var forwarded = Reassemble(received);
        Assert.True(track.TemporalLayerDrops > 0);

        // The whole stream (both resolutions) decodes without an error.
        var all = Path.Combine(_directory.FullName, "forwarded.ivf");
        IvfFile.WriteVp8(all, [.. forwarded.Select(f => f.Data)], Sizes[1].Width, Sizes[1].Height);
        var (exit, _, errors) = await RunAsync("ffmpeg", "-hide_banner", "-nostdin", "-v", "error", "-xerror", "-i", all, "-f", "null", "-");
        Assert.True(exit == 0 && errors.Length == 0, $"ffmpeg exited with {exit}: {errors}");

        // Picture ids continuous at each picture's width; TL0PICIDX one up at each TL0 picture.
        for (var i = 1; i < forwarded.Count; i++)
        {
            var (previous, current) = (forwarded[i - 1].Descriptor, forwarded[i].Descriptor);
            var modulus = 1 << Math.Min(previous.PictureIdWidth, current.PictureIdWidth); // Mixed widths agree in the narrower one.
            Assert.True(((((current.PictureId - previous.PictureId) % modulus) + modulus) % modulus) == 1, $"picture {i}: id {current.PictureId} after {previous.PictureId}");
            var expectedTl0 = current.TemporalLayer == 0 ? (byte)(previous.Tl0PicIdx + 1) : previous.Tl0PicIdx;
            Assert.True(current.Tl0PicIdx == expectedTl0, $"picture {i}: TL0PICIDX {current.Tl0PicIdx} after {previous.Tl0PicIdx}");
        }

        // Each run of one layer decodes picture by picture to the images of that layer's full stream.
        var runs = forwarded.Select(f => sources[Convert.ToHexString(SHA256.HashData(f.Data))]).ToList();
        Assert.Equal([1, 0, 1], runs.Select(r => r.Layer).Where((layer, i) => i == 0 || layer != runs[i - 1].Layer));
        Assert.Contains(runs, r => r.Index % 4 != 0); // Higher temporal layers were forwarded too …
        Assert.True(runs.Count < Frames); // … and some dropped.
        var start = 0;
        while (start < runs.Count)
        {
            var end = start;
            while (end < runs.Count && runs[end].Layer == runs[start].Layer)
            {
                end++;
            }

            var layer = runs[start].Layer;
            var segment = Path.Combine(_directory.FullName, $"run{start}.ivf");
            IvfFile.WriteVp8(segment, [.. forwarded[start..end].Select(f => f.Data)], Sizes[layer].Width, Sizes[layer].Height);
            var md5s = await FrameMd5sAsync(segment);
            Assert.Equal(end - start, md5s.Count);
            for (var i = start; i < end; i++)
            {
                Assert.True(sourceMd5s[layer][runs[i].Index] == md5s[i - start], $"layer {layer} frame {runs[i].Index} decoded differently after forwarding");
            }

            start = end;
        }
    }

    /// <summary>The forwarded pictures: the descriptor of each picture's first packet and its VP8 data (packets in order, none lost).</summary>
    private static List<(Vp8Descriptor Descriptor, byte[] Data)> Reassemble(List<Vp8SimulcastPublisher.ReceivedPacket> packets)
    {
        var pictures = new List<(Vp8Descriptor, byte[])>();
        var data = new List<byte>();
        Vp8Descriptor first = default;
        foreach (var packet in packets)
        {
            Assert.Equal(Vp8DescriptorStatus.Ok, Vp8Descriptor.Read(packet.Payload, out var descriptor));
            if (descriptor.IsStartOfFrame)
            {
                Assert.Empty(data); // The previous picture ended with its marker.
                first = descriptor;
            }

            data.AddRange(packet.Payload.AsSpan(descriptor.Length));
            if (packet.Marker)
            {
                pictures.Add((first, [.. data]));
                data.Clear();
            }
        }

        return pictures;
    }

    private static async Task EncodeAsync(string path, (int Width, int Height) size)
    {
        var (exit, _, errors) = await RunAsync("ffmpeg", "-hide_banner", "-nostdin", "-v", "error", "-f", "lavfi", "-i",
            $"testsrc=size={size.Width}x{size.Height}:rate=30", "-frames:v", $"{Frames}", "-c:v", "libvpx", "-deadline", "realtime",
            "-cpu-used", "8", "-lag-in-frames", "0", "-auto-alt-ref", "0", "-g", "30", "-keyint_min", "30", "-b:v", "300k",
            "-error-resilient", "1", "-ts-parameters",
            "ts_number_layers=3:ts_target_bitrate=100,200,300:ts_rate_decimator=4,2,1:ts_periodicity=4:ts_layer_id=0,2,1,2:ts_layering_mode=3",
            "-f", "ivf", path);
        Assert.True(exit == 0, $"ffmpeg could not encode {path} ({exit}): {errors}");
    }

    /// <summary>The MD5 of each decoded image of an IVF file, in order (ffmpeg's framemd5 muxer).</summary>
    private static async Task<List<string>> FrameMd5sAsync(string path)
    {
        var (exit, output, errors) = await RunAsync("ffmpeg", "-hide_banner", "-nostdin", "-v", "error", "-i", path, "-fps_mode", "passthrough", "-f", "framemd5", "-");
        Assert.True(exit == 0, $"ffmpeg could not decode {path} ({exit}): {errors}");
        return [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => !line.StartsWith('#')).Select(line => line[(line.LastIndexOf(',') + 1)..].Trim())];
    }

    private static Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string file, params string[] arguments) =>
        ExternalProcess.RunAsync(file, arguments, TimeSpan.FromMinutes(2));
}
