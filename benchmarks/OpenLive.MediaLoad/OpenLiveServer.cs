using System.Text.Json;
using OpenLive.Core.Auth;
using OpenLive.Protocol.V1;
using OpenLive.Rtc.Client;

namespace OpenLive.MediaLoad;

/// <summary>
/// OpenLive under test, through its own signaling: the host logs in, creates the room as LiveMaster and publishes the
/// camera; each subscriber logs in and joins as Guest with <c>auto_request_camera</c> (<see cref="MediaSubscriber"/>).
/// The app id and key come from the dev server's <c>dev-app.json</c> in its data directory.
/// </summary>
internal sealed class OpenLiveServer : IServerUnderTest
{
    private readonly MediaLoadSettings _settings;
    private readonly uint _appId;
    private readonly UserSigGenerator _sigs;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<SignalingClient> _clients = [];
    private SignalingClient? _host;

    public OpenLiveServer(MediaLoadSettings settings)
    {
        _settings = settings;
        var devApp = JsonDocument.Parse(File.ReadAllText(Path.Combine(settings.DataDirectory, "dev-app.json"))).RootElement;
        _appId = devApp.GetProperty("sdkAppId").GetUInt32();
        _sigs = new UserSigGenerator(_appId, devApp.GetProperty("key").GetString()!);
    }

    public string Name => "OpenLive";

    public string ForwardingThread => ProcessSampler.MediaThread;

    public async Task<string> PublishAsync(string offer, string mid)
    {
        var host = _host = await LoginAsync("ml_host").ConfigureAwait(false);
        await host.RequestAsync(new ClientFrame
        {
            CreateRoom = new CreateRoom
            {
                RoomId = new RoomId { Number = _settings.RoomId },
                Options = new RoomOptions { ControlRole = "LiveMaster", AutoCamera = true },
            },
        }).ConfigureAwait(false);
        var answer = await host.RequestAsync(new ClientFrame
        {
            Publish = new Publish { Sdp = offer, Tracks = { new PublishedTrack { Mid = mid, Source = MediaSource.Camera } } },
        }).ConfigureAwait(false);
        return answer.PublishAnswer.Sdp;
    }

    public async Task<IMediaSubscriber> SubscribeAsync(int index, RtcClientOptions clientOptions, int sampleCapacity) =>
        await MediaSubscriber.JoinAsync(await LoginAsync($"ml_sub_{index}").ConfigureAwait(false), _settings.RoomId, clientOptions, sampleCapacity).ConfigureAwait(false);

    /// <summary>A heartbeat on every connection (the server closes one silent for 30 s).</summary>
    public async Task KeepAliveAsync()
    {
        foreach (var client in Snapshot())
        {
            try
            {
                await client.HeartbeatAsync().ConfigureAwait(false);
            }
            catch (System.Net.WebSockets.WebSocketException e)
            {
                await Console.Error.WriteLineAsync($"{client.UserId}: heartbeat failed ({e.Message})").ConfigureAwait(false);
            }
        }
    }

    private async Task<SignalingClient> LoginAsync(string userId)
    {
        var client = await SignalingClient.LoginAsync(_settings.Server, _appId, userId, _sigs.GenUserSig(userId, 24 * 3600), _stop.Token).ConfigureAwait(false);
        lock (_clients)
        {
            _clients.Add(client);
        }

        return client;
    }

    private SignalingClient[] Snapshot()
    {
        lock (_clients)
        {
            return [.. _clients];
        }
    }

    /// <summary>Closes the host's connection (each subscriber closes its own, before this).</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_host is not null)
        {
            await _host.DisposeAsync().ConfigureAwait(false);
        }

        _stop.Dispose();
    }
}
