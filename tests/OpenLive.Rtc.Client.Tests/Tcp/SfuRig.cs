using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OpenLive.Sfu;

namespace OpenLive.Rtc.Client.Tests.Tcp;

/// <summary>A real <see cref="SfuEngine"/> on loopback with one room: our client publishes to it and plays from it, as the server's signaling would make it.</summary>
internal sealed class SfuRig : IDisposable
{
    private readonly MediaRoom _room;

    public SfuRig(Action<SfuOptions>? configure = null)
    {
        var options = new SfuOptions { Port = 0, TcpPort = 0 };
        configure?.Invoke(options);
        Engine = new SfuEngine(Options.Create(options), TimeProvider.System, NullLogger<SfuEngine>.Instance);
        Engine.Start();
        _room = Engine.GetOrCreateRoom("tcp/client", new NoRoomEvents());
        var everything = new MediaPermissions(MediaRights.All);
        _room.SetMember("publisher", everything, autoReceiveCamera: false, autoReceiveScreen: false, serverOffers: false);
        _room.SetMember("viewer", everything, autoReceiveCamera: false, autoReceiveScreen: false, serverOffers: false);
    }

    public SfuEngine Engine { get; }

    /// <summary>The SFU's answer to a publisher's offer.</summary>
    public string Publish(string offer)
    {
        var answer = _room.Publish("publisher", offer, new Dictionary<string, TrackSource>());
        return answer.Value ?? throw new InvalidOperationException($"publish refused: {answer.Error}");
    }

    /// <summary>The SFU's answer to a viewer's offer to play the publisher.</summary>
    public string Play(string offer)
    {
        var answer = _room.Play("viewer", "publisher", offer);
        return answer.Value ?? throw new InvalidOperationException($"play refused: {answer.Error}");
    }

    public void Dispose()
    {
        _room.Close();
        Engine.Dispose();
    }

    private sealed class NoRoomEvents : IMediaRoomEvents
    {
        public void TrackStarted(string memberId, TrackSource source)
        {
        }

        public void TrackEnded(string memberId, TrackSource source)
        {
        }

        public void SubscriberOffer(string memberId, SubscriberOfferInfo offer)
        {
        }

        public void ConnectionLost(string memberId, string reason)
        {
        }
    }
}
