using OpenLive.Rtc.Client;

namespace OpenLive.MediaLoad;

/// <summary>
/// The SFU a run measures, seen from the harness: where the publisher's offer goes and how a subscriber joins. The
/// publisher, the subscribers' connections, the receivers and the measurement are the same for every server; only
/// the signaling differs (OpenLive's protocol, or Janus's VideoRoom over its HTTP API).
/// </summary>
internal interface IServerUnderTest : IAsyncDisposable
{
    /// <summary>How the tables name the server.</summary>
    string Name { get; }

    /// <summary>
    /// The server thread (as <c>/proc/…/task/*/comm</c> names it) that reads the publisher's packets and fans them
    /// out, so its CPU can be shown beside the whole process's; known once <see cref="PublishAsync"/> returned.
    /// </summary>
    string ForwardingThread { get; }

    /// <summary>Sets up the publishing side and hands it our <paramref name="offer"/> (one video m-line, <paramref name="mid"/>); returns the server's answer.</summary>
    Task<string> PublishAsync(string offer, string mid);

    /// <summary>Subscriber number <paramref name="index"/> joins and starts receiving the publisher's video.</summary>
    Task<IMediaSubscriber> SubscribeAsync(int index, RtcClientOptions clientOptions, int sampleCapacity);

    /// <summary>Keeps every session alive (called every few seconds while the run lasts).</summary>
    Task KeepAliveAsync();
}

/// <summary>One watching member, whatever the server: its receiver, and how often its negotiation went wrong.</summary>
internal interface IMediaSubscriber : IAsyncDisposable
{
    FrameReceiver Receiver { get; }

    /// <summary>Offers or answers refused (each printed to stderr).</summary>
    int NegotiationFailures { get; }

    /// <summary>Times the server replaced the connection with a new offer.</summary>
    int Reconnections { get; }
}
