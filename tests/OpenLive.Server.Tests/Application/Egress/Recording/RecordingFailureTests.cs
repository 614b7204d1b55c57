using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OpenLive.Rtc.Client;
using OpenLive.Server.Application.Egress;
using OpenLive.Sfu;
using OpenLive.Testing;

namespace OpenLive.Server.Tests.Application.Egress.Recording;

/// <summary>
/// Recordings when the disk fails them, with the real server and a real publisher: a full disk (a small tmpfs mounted
/// for the test) ends the channel with the error while the file so far plays; a node that died mid-recording has its
/// file cut to the last whole cluster and its sidecar marked "interrupted" when the next server starts.
/// </summary>
public sealed class RecordingFailureTests : IAsyncLifetime
{
    private const string RoomKey = "1400000000/failure-room";
    private const string Encode = "-readrate 4 -f lavfi -t 10 -i testsrc=size=320x240:rate=30 -readrate 4 -f lavfi -t 10 -i sine=frequency=440:sample_rate=48000 "
        + "-map 0:v -c:v libvpx -deadline realtime -cpu-used 8 -b:v 500k -g 30 -f rtp {0} -map 1:a -c:a libopus -ac 2 -b:a 48k -frame_duration 20 -f rtp {1}";

    private readonly string _directory = Directory.CreateTempSubdirectory("openlive-recording-failures-").FullName;
    private readonly WebhookReceiver _webhooks = new();
    private readonly List<RecordingPublisher> _publishers = [];
    private readonly List<TestServer> _servers = [];
    private string? _mounted;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        foreach (var publisher in _publishers)
        {
            publisher.Dispose();
        }

        foreach (var server in _servers)
        {
            await server.DisposeAsync();
        }

        await _webhooks.DisposeAsync();
        if (_mounted is not null)
        {
            await RunAsync("umount", _mounted);
        }

        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task AFullDisk_EndsTheChannelWithTheError_AndTheFileSoFarPlays()
    {
        // 256 KiB: the header and a few seconds of clusters fit, then ENOSPC.
        var disk = Path.Combine(_directory, "small-disk");
        Directory.CreateDirectory(disk);
        await RunAsync("mount", $"-t tmpfs -o size=256k,mode=0700 openlive-test-full {disk}");
        _mounted = disk;
        var (room, host) = await StartAsync(disk);
        var encoded = await RecordingPublisher.EncodeAsync(Encode, 90_000, 48_000);
        var publisher = await PublishAsync(room);
        var started = host.Start(room, Request()).Channel!;
        await Eventually.WaitUntilAsync(() => ((RecordingOutput)host.Find(started.ChannelId)!.Outputs[0]).Recording?.IsWriting == true, () => "the file not started");
        publisher.Start(encoded[0], encoded[1]);

        var ended = (await _webhooks.WaitForAsync("egress.ended")).GetProperty("egress");
        var error = ended.GetProperty("error").GetString();
        Assert.Contains("No space left on device", error, StringComparison.Ordinal);
        var path = Path.Combine(disk, ended.GetProperty("file").GetString()!);
        await RecordingProbe.AssertDecodesCleanlyAsync(path);
        var probe = await RecordingProbe.ReadAsync(path);
        Assert.True(probe.Stream("video").Frames >= 30, $"{probe.Stream("video").Frames} video frames kept");
        Assert.Empty(host.Running(RoomKey));
    }

    [Fact]
    public async Task ARecordingTheNodeDiedDuring_IsCutToItsLastWholeCluster_AndMarkedInterrupted_AtTheNextStart()
    {
        var recordings = Path.Combine(_directory, "recordings");
        var (room, host) = await StartAsync(recordings);
        var encoded = await RecordingPublisher.EncodeAsync(Encode, 90_000, 48_000);
        var publisher = await PublishAsync(room);
        var started = host.Start(room, Request()).Channel!;
        var file = Path.Combine(recordings, started.FileIds[0] + ".webm");
        var sidecar = Path.Combine(recordings, started.FileIds[0] + ".json");
        await Eventually.WaitUntilAsync(() => ((RecordingOutput)host.Find(started.ChannelId)!.Outputs[0]).Recording?.IsWriting == true, () => "the file not started");
        publisher.Start(encoded[0], encoded[1]);
        await Eventually.WaitUntilAsync(() => new FileInfo(file).Length > 150_000, () => $"{new FileInfo(file).Length} bytes recorded");

        // The crash, as the disk holds it: the sidecar says "recording", the file ends inside the cluster being written.
        var image = await ReadSharedAsync(file);
        var runningSidecar = await File.ReadAllBytesAsync(sidecar);
        await publisher.Completion;
        host.StopRoom(RoomKey, "test over");
        await _webhooks.WaitForAsync("egress.ended");
        var later = await File.ReadAllBytesAsync(file);
        await File.WriteAllBytesAsync(file, [.. image, .. later.AsSpan(image.Length, Math.Min(4000, later.Length - image.Length))]);
        await File.WriteAllBytesAsync(sidecar, runningSidecar);
        Assert.Equal("Recording", JsonDocument.Parse(runningSidecar).RootElement.GetProperty("state").GetString());
        Assert.NotEqual(string.Empty, await RecordingProbe.DecodeErrorsAsync(file));

        await StartAsync(recordings);

        var recovered = JsonDocument.Parse(await File.ReadAllBytesAsync(sidecar)).RootElement;
        Assert.Equal(("Failed", "interrupted"), (recovered.GetProperty("state").GetString(), recovered.GetProperty("error").GetString()));
        Assert.Equal(image.Length, new FileInfo(file).Length);
        Assert.Equal(image.Length, recovered.GetProperty("size").GetInt64());
        Assert.Equal(string.Empty, await RecordingProbe.DecodeErrorsAsync(file));
    }

    private async Task<(MediaRoom Room, EgressHost Host)> StartAsync(string recordings)
    {
        var server = await TestServer.StartAsync(null, [$"--OpenLive:Egress:RecordingsDirectory={recordings}", .. _webhooks.ServerArguments]);
        _servers.Add(server);
        var room = server.Services.GetRequiredService<SfuEngine>().GetOrCreateRoom(RoomKey, new QuietRoomEvents());
        room.SetMember("host", new MediaPermissions(MediaRights.All), autoReceiveCamera: false, autoReceiveScreen: false, serverOffers: false);
        return (room, server.Services.GetRequiredService<EgressHost>());
    }

    private async Task<RecordingPublisher> PublishAsync(MediaRoom room)
    {
        var publisher = await RecordingPublisher.ConnectAsync(room, "host", RtcVideoCodec.Vp8);
        _publishers.Add(publisher);
        return publisher;
    }

    private static EgressRequest Request() =>
        new(1400000000, "failure-room", RoomKey, "host", EgressVideo.Camera, AudioOnly: false, EgressOutputs.Record, [], FileName: null, StartedBy: "host");

    private static async Task<byte[]> ReadSharedAsync(string path)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var bytes = new byte[stream.Length];
        await stream.ReadExactlyAsync(bytes);
        return bytes;
    }

    private static async Task RunAsync(string tool, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(tool, arguments) { RedirectStandardError = true, UseShellExecute = false })!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{tool} {arguments}: {error}");
    }
}
