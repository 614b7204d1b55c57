using OpenLive.Core.Errors;
using OpenLive.Protocol.V1;
using OpenLive.Rtc.Client;
using OpenLive.Sdk.Media;

namespace OpenLive.Sdk.Rooms;

/// <summary>
/// The room's media moving to another node. A room's media lives on one node; when that node is lost or drained, the
/// room comes back on another with its media epoch bumped (<see cref="MediaEpoch"/>) and pushes MediaReset — or, for a
/// client that was on the lost node itself, the resumed login's room state carries the new epoch. Either way every
/// media connection of the old epoch is dead: the subscriber connection is dropped (the server offers a new one) and
/// what was published is published again with the same options, then <see cref="MediaReconnected"/> hands the app the
/// new <see cref="LivePublisher"/> to send on.
/// </summary>
public sealed partial class LiveRoom
{
    private static readonly TimeSpan FirstRepublishRetry = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan LastRepublishRetry = TimeSpan.FromSeconds(2);

    private uint _mediaEpoch;
    private uint _subscriberEpoch;

    /// <summary>Which of the member's subscriber connections in <see cref="_subscriberEpoch"/> the current one is (a media restart makes a new one).</summary>
    private uint _subscriberConnection;

    /// <summary>Republishing (after a move or a restart) goes one at a time, in order (<see cref="RepublishAsync"/>).</summary>
    private readonly Lock _republishGate = new();
    private Task _republishChain = Task.CompletedTask;
    private LivePublishOptions? _publishOptions;

    /// <summary>
    /// This client's media is connected again — the room's media moved to another node (<see cref="MediaEpoch"/> is
    /// higher), or its media path died and was restarted (same epoch; <see cref="MediaRestarts"/> counts them): the new
    /// publisher (null when nothing was published) replaces the one the app sent on, which is closed.
    /// </summary>
    public event EventHandler<MediaReconnectedEventArgs>? MediaReconnected;

    /// <summary>How many times the room's media has moved to another node (0 for a room that never moved).</summary>
    public uint MediaEpoch => Volatile.Read(ref _mediaEpoch);

    /// <summary>The epoch the room was entered at (the subscriber connection the server offers next belongs to it).</summary>
    private void StartMediaEpoch(uint epoch)
    {
        _mediaEpoch = epoch;
        _subscriberEpoch = epoch;
        _subscriberConnection = 0;
    }

    /// <summary>The server said the room's media moved (a push, or a resumed login's room state): connect again there.</summary>
    internal void OnMediaReset(uint epoch)
    {
        lock (_offerGate)
        {
            if (epoch <= _mediaEpoch || _ended)
            {
                return;
            }

            _mediaEpoch = epoch;
            // The old subscriber connection goes in the offer chain's order: an offer of this epoch that came first has
            // already replaced it.
            _offerChain = _offerChain.ContinueWith(_ => DropSubscriberOlderThan(epoch), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        }

        _ = RepublishAsync(epoch);
    }

    private void DropSubscriberOlderThan(uint epoch)
    {
        if (_subscriberEpoch < epoch)
        {
            Interlocked.Exchange(ref _subscriber, null)?.Dispose();
        }
    }

    /// <summary>
    /// The subscriber connection for <paramref name="offer"/>: a new one when the offer is for a newer connection — of a
    /// newer epoch, or a higher connection number after a media restart — (or none yet), bound to the client's media
    /// address; null when the offer is for a connection already replaced (the server has closed it: not answered) or
    /// the room was left meanwhile.
    /// </summary>
    private async Task<RtcClientConnection?> SubscriberForAsync(SubscriberOffer offer)
    {
        var order = (offer.MediaEpoch, offer.Connection).CompareTo((_subscriberEpoch, _subscriberConnection));
        if (order < 0)
        {
            return null;
        }

        if (order > 0)
        {
            _subscriberEpoch = offer.MediaEpoch;
            _subscriberConnection = offer.Connection;
            Interlocked.Exchange(ref _subscriber, null)?.Dispose();
        }

        if (_subscriber is { } current)
        {
            return current;
        }

        var localAddress = await _client.MediaLocalAddressAsync(CancellationToken.None).ConfigureAwait(false);
        if (_ended)
        {
            return null;
        }

        var connection = new RtcClientConnection(_client.MediaConnectionOptions(localAddress));
        _subscriber = connection;
        WatchMediaPath(connection, offer.MediaEpoch);
        return connection;
    }

    /// <summary>
    /// Publishes again what the old publisher sent (unless the app closed it), retrying while the epoch is current; then
    /// <see cref="MediaReconnected"/>. One at a time, in the order asked: a restart's republish that a move of the room
    /// overtakes finishes (or gives up) first, and the move's then replaces what it published — never the other way
    /// round, which would leave the app on a connection of the old epoch.
    /// </summary>
    private Task RepublishAsync(uint epoch)
    {
        lock (_republishGate)
        {
            // Each link runs however the one before it ended, so a refused republish does not stop the ones behind it.
            _republishChain = _republishChain.ContinueWith(_ => RepublishInTurnAsync(epoch), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).Unwrap();
            return _republishChain;
        }
    }

    private async Task RepublishInTurnAsync(uint epoch)
    {
        if (_ended || MediaEpoch != epoch)
        {
            return; // a newer epoch's republish is queued behind this one
        }

        var old = _publisher;
        var options = _publishOptions;
        if (old is null || old.IsClosedByApp || options is null)
        {
            _client.RaiseFor(MediaReconnected, this, new MediaReconnectedEventArgs(epoch, null));
            return;
        }

        old.Close();
        var backoff = new RetryBackoff(FirstRepublishRetry, LastRepublishRetry);
        while (!_ended && MediaEpoch == epoch)
        {
            try
            {
                var publisher = await PublishAsync(options, CancellationToken.None).ConfigureAwait(false);
                if (MediaEpoch == epoch)
                {
                    _client.RaiseFor(MediaReconnected, this, new MediaReconnectedEventArgs(epoch, publisher));
                }

                return;
            }
            catch (Exception e) when (e is RtcConnectionException || (e is LiveException live && !live.Is(ILiveErrorCode.InvalidParam) && !live.Is(AVErrorCode.ServerNoPermission)))
            {
                // The room's new node may not answer yet, its media connection did not come up (ICE/DTLS), or this client
                // is reconnecting: try again (an exception let out here would end the republishing unobserved).
                await backoff.WaitAsync(_client.Time).ConfigureAwait(false);
            }
        }
    }
}

/// <summary>The room's media is connected again on its new node (<see cref="LiveRoom.MediaReconnected"/>).</summary>
public sealed class MediaReconnectedEventArgs(uint mediaEpoch, LivePublisher? publisher) : EventArgs
{
    /// <summary>The room's media epoch now.</summary>
    public uint MediaEpoch { get; } = mediaEpoch;

    /// <summary>The new publisher to send on (the old one is closed), or null when nothing was published.</summary>
    public LivePublisher? Publisher { get; } = publisher;
}
