using OpenLive.Core.Errors;
using OpenLive.Protocol.V1;
using OpenLive.Rtc.Client;

namespace OpenLive.Sdk.Rooms;

/// <summary>
/// A dead media path while signaling lives. With <see cref="LiveClientOptions.DeadMediaTimeout"/> on, each media
/// connection checks its path every fraction of the timeout and turns Disconnected when nothing answers for the whole
/// of it: a NAT that forgot the mapping, a network change, a firewall that started dropping — nothing the signaling
/// connection (TCP, another path) would notice. The room then asks the server for new media connections
/// (RestartMedia), drops its subscriber connection (the server offers a new one) and publishes again what it
/// published, as when the room's media moves (<see cref="MediaReconnected"/>, with the same epoch). A path that comes
/// back by itself while the restart is refused or retried stops it.
/// </summary>
public sealed partial class LiveRoom
{
    private static readonly TimeSpan FirstRestartRetry = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan LastRestartRetry = TimeSpan.FromSeconds(2);

    /// <summary>1 while a restart runs: a second dead connection (both die together) joins it.</summary>
    private int _restartingMedia;

    /// <summary>Media restarts made (the app can tell a restart from a move by <see cref="MediaEpoch"/> not changing).</summary>
    public int MediaRestarts => Volatile.Read(ref _mediaRestarts);

    private int _mediaRestarts;

    /// <summary>Restarts <paramref name="connection"/>'s media when its path dies, while <paramref name="epoch"/> (the one it was made on) is the room's.</summary>
    private void WatchMediaPath(RtcClientConnection connection, uint epoch)
    {
        if (_client.WatchesMediaPath)
        {
            connection.StateChanged += (_, state) => OnMediaConnectionState(connection, state, epoch);
        }
    }

    private void OnMediaConnectionState(RtcClientConnection connection, RtcConnectionState state, uint epoch)
    {
        // A connection of an older epoch dies because its node went away: the move to the new node replaces it. Taken
        // for a dead path, it would restart the new epoch's connections, just made, under the app's feet.
        if (state != RtcConnectionState.Disconnected || _ended || epoch != MediaEpoch || !IsCurrentMedia(connection))
        {
            return;
        }

        if (Interlocked.Exchange(ref _restartingMedia, 1) == 0)
        {
            _ = RestartMediaAsync(connection);
        }
    }

    private bool IsCurrentMedia(RtcClientConnection connection) =>
        ReferenceEquals(_subscriber, connection) || ReferenceEquals(_publisher?.Connection, connection);

    /// <summary>
    /// Asks for new media connections while <paramref name="dead"/> is still the room's and still dead, then connects
    /// again. The server refuses a second restart within two seconds (8011) and a reconnecting client's requests fail
    /// (8012): both are tried again, backing off to every 2 s.
    /// </summary>
    private async Task RestartMediaAsync(RtcClientConnection dead)
    {
        try
        {
            var backoff = new RetryBackoff(FirstRestartRetry, LastRestartRetry);
            var epoch = MediaEpoch;
            while (!_ended && MediaEpoch == epoch && IsCurrentMedia(dead) && dead.State is RtcConnectionState.Disconnected or RtcConnectionState.Failed)
            {
                var subscriber = (_subscriberEpoch, _subscriberConnection);
                try
                {
                    await _client.RoomRequestAsync(new ClientFrame { RestartMedia = new RestartMedia() }, CancellationToken.None).ConfigureAwait(false);
                }
                catch (LiveException) when (!_ended)
                {
                    await backoff.WaitAsync(_client.Time).ConfigureAwait(false);
                    continue;
                }

                if (MediaEpoch != epoch)
                {
                    return; // the room's media moved meanwhile: the move connects everything again
                }

                Interlocked.Increment(ref _mediaRestarts);
                lock (_offerGate)
                {
                    // The server closed the subscriber connection; its new offer (if it has anything to send) may have
                    // come first and replaced it already, so only a connection still at most the old one is dropped.
                    _offerChain = _offerChain.ContinueWith(_ => DropSubscriberUpTo(subscriber), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
                }

                await RepublishAsync(epoch).ConfigureAwait(false);
                return;
            }
        }
        finally
        {
            Volatile.Write(ref _restartingMedia, 0);
        }
    }

    private void DropSubscriberUpTo((uint Epoch, uint Connection) restarted)
    {
        if ((_subscriberEpoch, _subscriberConnection).CompareTo(restarted) <= 0)
        {
            // Offers for the closed connection that are still on their way are not answered (SubscriberForAsync).
            _subscriberConnection = restarted.Connection + 1;
            _subscriberEpoch = restarted.Epoch;
            Interlocked.Exchange(ref _subscriber, null)?.Dispose();
        }
    }
}
