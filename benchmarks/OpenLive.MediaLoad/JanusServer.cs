using System.Globalization;
using System.Text.Json.Nodes;
using OpenLive.Rtc.Client;

namespace OpenLive.MediaLoad;

/// <summary>
/// Janus's VideoRoom under test (Janus 1.1.2, plugin API in the header of <c>src/plugins/janus_videoroom.c</c>): one
/// session; the publisher's handle creates a VP8-only room with no bitrate cap and no periodic keyframe requests, joins
/// it as publisher and publishes our offer (Janus answers); each subscriber gets its own handle, joins as subscriber
/// to the publisher's feed, takes Janus's offer and answers it (<see cref="JanusSubscriber"/>).
/// </summary>
internal sealed class JanusServer(MediaLoadSettings settings) : IServerUnderTest
{
    private static readonly TimeSpan PublisherUpLimit = TimeSpan.FromSeconds(30);

    private JanusClient? _janus;
    private long _publisherHandle;
    private long _feed;

    public string Name => "Janus";

    /// <summary>
    /// With Janus's default <c>event_loops = 0</c> every handle has its own loop thread, named <c>hloop &lt;handle id&gt;</c>
    /// (cut to the 15 characters Linux keeps). The VideoRoom relays what the publisher sends to every subscriber from
    /// the publisher's loop; each subscriber's loop then protects and sends its copy.
    /// </summary>
    public string ForwardingThread
    {
        get
        {
            var name = string.Create(CultureInfo.InvariantCulture, $"hloop {_publisherHandle}");
            return name.Length > 15 ? name[..15] : name;
        }
    }

    private JanusClient Janus => _janus ?? throw new InvalidOperationException("Not published yet.");

    public async Task<string> PublishAsync(string offer, string mid)
    {
        _janus = await JanusClient.CreateAsync(settings.JanusApi).ConfigureAwait(false);
        _publisherHandle = await _janus.AttachAsync().ConfigureAwait(false);
        await _janus.RequestAsync(_publisherHandle, new JsonObject
        {
            ["request"] = "create",
            ["room"] = settings.RoomId,
            ["publishers"] = 1,
            ["bitrate"] = 0, // no cap: the publisher sends what OpenLive's run sends
            ["fir_freq"] = 0, // keyframes only when a subscriber asks, as OpenLive does
            ["videocodec"] = "vp8",
            ["audiocodec"] = "opus",
            ["notify_joining"] = false,
        }).ConfigureAwait(false);
        var (joined, _) = await _janus.MessageAsync(_publisherHandle, new JsonObject
        {
            ["request"] = "join",
            ["ptype"] = "publisher",
            ["room"] = settings.RoomId,
            ["display"] = "ml_host",
        }).ConfigureAwait(false);
        _feed = joined.GetProperty("id").GetInt64();
        var (_, answer) = await _janus.MessageAsync(_publisherHandle, new JsonObject { ["request"] = "publish", ["audio"] = false, ["video"] = true }, "offer", offer)
            .ConfigureAwait(false);
        return answer ?? throw new JanusException("Janus accepted the publish request without an answer SDP");
    }

    /// <summary>
    /// Joins once the publisher's PeerConnection is up: before that, the VideoRoom refuses a subscriber to the feed
    /// (error 428, "No such feed").
    /// </summary>
    public async Task<IMediaSubscriber> SubscribeAsync(int index, RtcClientOptions clientOptions, int sampleCapacity)
    {
        await Janus.WebRtcUpAsync(_publisherHandle, PublisherUpLimit).ConfigureAwait(false);
        return await JanusSubscriber.JoinAsync(Janus, settings.RoomId, _feed, clientOptions, sampleCapacity).ConfigureAwait(false);
    }

    /// <summary>A keepalive on the session (the long poll alone would keep it too; this also notices Janus gone).</summary>
    public async Task KeepAliveAsync()
    {
        try
        {
            await (_janus?.KeepAliveAsync() ?? Task.CompletedTask).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or JanusException or TaskCanceledException)
        {
            await Console.Error.WriteLineAsync($"janus: keepalive failed ({e.Message})").ConfigureAwait(false);
        }
    }

    /// <summary>Destroys the session (Janus hangs up every handle in it, and the room goes with its last publisher).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_janus is not null)
        {
            await _janus.DisposeAsync().ConfigureAwait(false);
        }
    }
}
