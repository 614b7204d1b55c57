using System.Text.Json.Nodes;
using OpenLive.Rtc.Client;

namespace OpenLive.MediaLoad;

/// <summary>
/// A watching member in a Janus VideoRoom: its own handle joins as subscriber to the publisher's feed, Janus offers,
/// our <see cref="RtcClientConnection"/> answers (as it answers the OpenLive SFU's subscriber offer) and the answer
/// goes back with <c>start</c>. What arrives is counted by the same <see cref="FrameReceiver"/> as on OpenLive. Janus
/// does not renegotiate during the run, so unlike <see cref="MediaSubscriber"/> there is one offer and one connection.
/// </summary>
internal sealed class JanusSubscriber : IMediaSubscriber
{
    private readonly JanusClient _janus;
    private readonly long _handle;
    private readonly RtcClientConnection _connection;

    private JanusSubscriber(JanusClient janus, long handle, RtcClientOptions clientOptions, int sampleCapacity)
    {
        _janus = janus;
        _handle = handle;
        _connection = new RtcClientConnection(clientOptions);
        Receiver = new FrameReceiver(_connection, sampleCapacity);
    }

    public FrameReceiver Receiver { get; }

    public int NegotiationFailures => 0; // a failed negotiation throws from JoinAsync and ends the run

    public int Reconnections => 0;

    /// <summary>Attaches a handle, joins <paramref name="room"/> as subscriber to <paramref name="feed"/>, answers Janus's offer and starts.</summary>
    public static async Task<JanusSubscriber> JoinAsync(JanusClient janus, long room, long feed, RtcClientOptions clientOptions, int sampleCapacity)
    {
        var handle = await janus.AttachAsync().ConfigureAwait(false);
        var subscriber = new JanusSubscriber(janus, handle, clientOptions, sampleCapacity);
        try
        {
            var (_, offer) = await janus.MessageAsync(handle, new JsonObject
            {
                ["request"] = "join",
                ["ptype"] = "subscriber",
                ["room"] = room,
                ["streams"] = new JsonArray(new JsonObject { ["feed"] = feed }),
            }).ConfigureAwait(false);
            if (offer is null)
            {
                throw new JanusException($"Janus joined subscriber handle {handle} without an offer");
            }

            if (!subscriber._connection.TrySetRemoteOffer(offer, out var error))
            {
                throw new JanusException($"our client cannot take Janus's subscriber offer: {error}\n{offer}");
            }

            var answer = subscriber._connection.CreateAnswer();
            var (started, _) = await janus.MessageAsync(handle, new JsonObject { ["request"] = "start" }, "answer", answer).ConfigureAwait(false);
            if (!started.TryGetProperty("started", out var ok) || ok.GetString() != "ok")
            {
                throw new JanusException($"Janus did not start subscriber handle {handle}: {started}");
            }

            return subscriber;
        }
        catch
        {
            await subscriber.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Closes our end and detaches the handle (best effort: the session's end detaches it anyway).</summary>
    public async ValueTask DisposeAsync()
    {
        _connection.Dispose();
        try
        {
            await _janus.DetachAsync(_handle).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or JanusException or TaskCanceledException)
        {
            // Janus is gone or already dropped the handle.
        }
    }
}
