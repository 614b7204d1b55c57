// OpenLive .NET console sample: two clients log in with userSigs, the host creates a live room and the viewer joins it,
// they chat both ways, and the host publishes synthetic camera video and audio that the viewer receives.
// Exit code 0 when every step completed; 1 with the error (an iLiveSDK module and code for LiveException) otherwise;
// 2 for bad arguments.
using System.Globalization;
using OpenLive.Core.Auth;
using OpenLive.Core.Errors;
using OpenLive.Rtc.Client;
using OpenLive.Rtc.Rtp;
using OpenLive.Sdk;
using OpenLive.Sdk.Im;
using OpenLive.Sdk.Media;
using OpenLive.Sdk.Rooms;

var settings = SampleSettings.From(args);
if (settings.Error is not null)
{
    Console.Error.WriteLine(settings.Error);
    Console.Error.WriteLine(SampleSettings.Usage);
    return 2;
}

using var overall = new CancellationTokenSource(settings.Timeout);
try
{
    await RunAsync(settings, overall.Token);
    Console.WriteLine("sample: script complete");
    return 0;
}
catch (LiveException e)
{
    Console.Error.WriteLine($"sample: failed with {e.Module} {e.Code}: {e.Message}");
    return 1;
}
catch (Exception e) when (e is OperationCanceledException or TimeoutException)
{
    Console.Error.WriteLine($"sample: a step did not complete within {settings.Timeout.TotalSeconds:0} s ({e.Message})");
    return 1;
}
catch (Exception e) when (e is IOException or HttpRequestException or System.Net.WebSockets.WebSocketException or InvalidOperationException)
{
    Console.Error.WriteLine($"sample: failed: {e.GetType().Name}: {e.Message}");
    return 1;
}

static async Task RunAsync(SampleSettings settings, CancellationToken cancel)
{
    // In a real app the userSig comes from the app's backend (see samples/usersig-issuer); the secret key never
    // reaches a client. The sample signs for itself so that it runs against a dev server with nothing else.
    var signer = new UserSigGenerator(settings.AppId, settings.Key);
    var options = () => new LiveClientOptions { ServerUrl = settings.Server, SdkAppId = settings.AppId };

    await using var host = new LiveClient(options());
    await host.LoginAsync("sample_host", signer.GenUserSig("sample_host"), cancel);
    Console.WriteLine("sample: host logged in");
    await using var viewer = new LiveClient(options());
    await viewer.LoginAsync("sample_viewer", signer.GenUserSig("sample_viewer"), cancel);
    Console.WriteLine("sample: viewer logged in");

    var hostRoom = await host.CreateRoomAsync(settings.Room, LiveRoomOptions.Host(), cancel);
    var viewerRoom = await viewer.JoinRoomAsync(settings.Room, LiveRoomOptions.Audience(), cancel);
    Console.WriteLine($"sample: room {settings.Room} created by the host and joined by the viewer");

    // Chat, both ways: each side waits for the other's message.
    var atHost = Next<MessageReceivedEventArgs>(h => hostRoom.MessageReceived += h, cancel);
    await viewerRoom.SendMessageAsync(LiveMessage.Text("hello from the audience"), cancel);
    var heard = await atHost;
    Console.WriteLine($"sample: host received \"{heard.Message.Text}\" from {heard.Message.Sender}");
    var atViewer = Next<MessageReceivedEventArgs>(h => viewerRoom.MessageReceived += h, cancel);
    await hostRoom.SendMessageAsync(LiveMessage.Text("welcome to the show"), cancel);
    heard = await atViewer;
    Console.WriteLine($"sample: viewer received \"{heard.Message.Text}\" from {heard.Message.Sender}");

    // Media: the viewer counts the host's camera packets; the host sends synthetic VP8 and Opus.
    var video = new PacketCounter(wanted: 60);
    viewerRoom.RemoteTrackAdded += (_, e) =>
    {
        if (e.Source == MediaTrackSource.Camera)
        {
            video.Attach(e.Connection, e.Transceiver);
        }
    };
    using var publisher = await hostRoom.PublishAsync(new LivePublishOptions { Audio = true, Camera = true }, cancel);
    using var sending = CancellationTokenSource.CreateLinkedTokenSource(cancel);
    var camera = new SyntheticVideoSource(framesPerSecond: 30, bitrate: 600_000);
    var microphone = new SyntheticAudioSource();
    var videoLoop = camera.RunAsync(publisher.Connection, publisher.Camera!, sending.Token);
    var audioLoop = microphone.RunAsync(publisher.Connection, publisher.Audio!, sending.Token);
    Console.WriteLine("sample: host publishing synthetic camera video and audio");
    await video.Enough.WaitAsync(cancel);
    Console.WriteLine($"sample: viewer received {video.Count} camera packets");
    await sending.CancelAsync();
    await Ended(videoLoop);
    await Ended(audioLoop);

    await viewerRoom.QuitAsync(cancel);
    await hostRoom.QuitAsync(cancel);
    Console.WriteLine("sample: both left the room");
}

// The next event a handler sees, as a task.
static Task<T> Next<T>(Action<EventHandler<T>> subscribe, CancellationToken cancel)
{
    var next = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
    subscribe((_, e) => next.TrySetResult(e));
    return next.Task.WaitAsync(cancel);
}

// A send loop ends by its cancellation; anything else it threw is the sample's error.
static async Task Ended(Task loop)
{
    try
    {
        await loop;
    }
    catch (OperationCanceledException)
    {
    }
}

/// <summary>Counts the RTP packets of one received track and completes once it has seen enough.</summary>
internal sealed class PacketCounter(int wanted)
{
    private readonly TaskCompletionSource _enough = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private RtcTransceiver? _transceiver;
    private int _count;

    public Task Enough => _enough.Task;

    public int Count => Volatile.Read(ref _count);

    public void Attach(RtcClientConnection connection, RtcTransceiver transceiver)
    {
        Volatile.Write(ref _transceiver, transceiver);
        connection.RtpReceived += OnRtp;
    }

    private void OnRtp(RtcTransceiver transceiver, in RtpHeader header, ReadOnlySpan<byte> packet)
    {
        if (ReferenceEquals(transceiver, Volatile.Read(ref _transceiver)) && Interlocked.Increment(ref _count) >= wanted)
        {
            _enough.TrySetResult();
        }
    }
}

/// <summary>Where the server is and which app to sign for: arguments first, then environment variables.</summary>
internal sealed record SampleSettings(Uri Server, uint AppId, string Key, uint Room, TimeSpan Timeout, string? Error)
{
    public const string Usage =
        "usage: OpenLiveConsoleSample --server <url> --app-id <sdkAppId> [--room <id>] [--timeout <seconds>]\n" +
        "  the app's secret key comes from --key or OPENLIVE_SECRET_KEY (prefer the variable: arguments are visible to other users);\n" +
        "  --server and --app-id may also come from OPENLIVE_SERVER_URL and OPENLIVE_SDK_APP_ID.";

    public static SampleSettings From(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                return Invalid($"unexpected argument '{args[i]}'");
            }

            values[args[i][2..]] = args[++i];
        }

        string? Get(string name, string variable) => values.TryGetValue(name, out var v) ? v : Environment.GetEnvironmentVariable(variable);
        var server = Get("server", "OPENLIVE_SERVER_URL");
        var appId = Get("app-id", "OPENLIVE_SDK_APP_ID");
        var key = Get("key", "OPENLIVE_SECRET_KEY");
        if (!Uri.TryCreate(server, UriKind.Absolute, out var url))
        {
            return Invalid("the server URL is missing or not absolute");
        }

        if (!uint.TryParse(appId, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id == 0)
        {
            return Invalid("the sdkAppId is missing or not a positive number");
        }

        if (string.IsNullOrEmpty(key))
        {
            return Invalid("the app's secret key is missing");
        }

        var room = values.TryGetValue("room", out var r) && uint.TryParse(r, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed > 0
            ? parsed
            : (uint)Random.Shared.Next(100_000, 1_000_000);
        var timeout = values.TryGetValue("timeout", out var t) && int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : TimeSpan.FromSeconds(60);
        return new SampleSettings(url, id, key, room, timeout, null);
    }

    private static SampleSettings Invalid(string error) => new(new Uri("http://invalid"), 0, string.Empty, 0, TimeSpan.Zero, error);
}
