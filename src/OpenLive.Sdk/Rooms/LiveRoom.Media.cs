using OpenLive.Core.Errors;
using OpenLive.Protocol.V1;
using OpenLive.Rtc.Client;
using OpenLive.Rtc.Sdp;
using OpenLive.Sdk.Media;

namespace OpenLive.Sdk.Rooms;

/// <summary>
/// Media in the room: a publisher connection the app sends encoded media on, and the subscriber connection the server
/// offers (answered here, in order) carrying every track the member receives. The SDK captures and decodes nothing.
/// </summary>
public sealed partial class LiveRoom
{
    private readonly object _offerGate = new();
    private Task _offerChain = Task.CompletedTask;
    private RtcClientConnection? _subscriber;
    private LivePublisher? _publisher;

    /// <summary>A member's track arrived on the subscriber connection.</summary>
    public event EventHandler<RemoteTrackEventArgs>? RemoteTrackAdded;

    /// <summary>The subscriber connection, once the server has offered one.</summary>
    public RtcClientConnection? Subscriber => _subscriber;

    /// <summary>
    /// Publishes the chosen tracks on a new connection (10003 when the member's auth bits lack a SEND bit; 8012 when the
    /// media connection fails before it comes up, 1005 when it does not within 20 s; the server's other media errors as
    /// documented). Replaces an earlier publisher. Completes when the connection is up.
    /// </summary>
    public async Task<LivePublisher> PublishAsync(LivePublishOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Audio && !options.Camera && !options.Screen)
        {
            throw new LiveException(ILiveErrorCode.InvalidParam, "publish at least one of audio, camera, screen");
        }

        var localAddress = options.LocalAddress ?? await _client.MediaLocalAddressAsync(cancellationToken).ConfigureAwait(false);
        var epoch = MediaEpoch; // the connection is made on this epoch's node
        var connection = new RtcClientConnection(_client.MediaConnectionOptions(localAddress));
        try
        {
            var request = new Publish();
            var audio = options.Audio ? Add(connection, request, MediaKind.Audio, MediaSource.Audio, null) : null;
            var camera = options.Camera
                ? Add(connection, request, MediaKind.Video, MediaSource.Camera, new RtcTransceiverOptions { VideoCodecs = options.VideoCodecs, SimulcastRids = options.SimulcastRids })
                : null;
            var screen = options.Screen ? Add(connection, request, MediaKind.Video, MediaSource.Screen, new RtcTransceiverOptions { VideoCodecs = options.VideoCodecs }) : null;
            request.Sdp = connection.CreateOffer();
            var reply = await _client.RoomRequestAsync(new ClientFrame { Publish = request }, cancellationToken).ConfigureAwait(false);
            if (!connection.TrySetRemoteAnswer(reply.PublishAnswer.Sdp, out var error))
            {
                throw new LiveException(ILiveErrorCode.SdkFailed, $"the server's answer was refused: {error}");
            }

            await connection.ConnectedAsync(cancellationToken).WaitAsync(TimeSpan.FromSeconds(20), cancellationToken).ConfigureAwait(false);
            var publisher = new LivePublisher(connection, audio, camera, screen);
            Interlocked.Exchange(ref _publisher, publisher)?.Close();
            WatchMediaPath(connection, epoch);
            _publishOptions = options; // what a move of the room's media publishes again
            return publisher;
        }
        catch (TimeoutException)
        {
            connection.Dispose();
            throw new LiveException(AVErrorCode.Timeout, "the media connection did not come up within 20 s");
        }
        catch (RtcConnectionException e)
        {
            // ICE or DTLS gave up before the connection came up (no reachable candidate, a refused handshake): the
            // media path is unreachable, whatever the signaling said.
            connection.Dispose();
            throw new LiveException(ILiveErrorCode.NetUndefine, $"the media connection failed before it came up: {e.Message}", e);
        }
        catch
        {
            connection.Dispose();
            throw;
        }

        static RtcTransceiver Add(RtcClientConnection connection, Publish request, MediaKind kind, MediaSource source, RtcTransceiverOptions? options)
        {
            var transceiver = connection.AddTransceiver(kind, MediaDirection.SendOnly, options);
            request.Tracks.Add(new Protocol.V1.PublishedTrack { Mid = transceiver.Mid, Source = source });
            return transceiver;
        }
    }

    /// <summary>iLiveSDK requestViewList: the video views to receive, replacing earlier ones (1401, 1402, 10003).</summary>
    public async Task RequestViewsAsync(IEnumerable<LiveView> views, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(views);
        var request = new RequestViews();
        foreach (var view in views)
        {
            request.Views.Add(new View { UserId = view.UserId, Source = (MediaSource)(int)view.Source });
        }

        await _client.RoomRequestAsync(new ClientFrame { RequestViews = request }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>iLiveSDK cancelAllView.</summary>
    public Task CancelViewsAsync(CancellationToken cancellationToken = default) =>
        _client.RoomRequestAsync(new ClientFrame { CancelViews = new CancelViews() }, cancellationToken);

    /// <summary>The server offered (or re-offered) the subscriber connection: answer it, in order, off the receive loop.</summary>
    internal void OnSubscriberOffer(SubscriberOffer offer)
    {
        lock (_offerGate)
        {
            _offerChain = _offerChain.ContinueWith(_ => AnswerSubscriberOfferAsync(offer), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).Unwrap();
        }
    }

    private async Task AnswerSubscriberOfferAsync(SubscriberOffer offer)
    {
        try
        {
            if (_ended)
            {
                return;
            }

            var connection = await SubscriberForAsync(offer).ConfigureAwait(false);
            if (connection is null)
            {
                return; // left while the address was looked up: no connection to close later
            }

            if (!connection.TrySetRemoteOffer(offer.Sdp, out _))
            {
                return; // The server will see no answer; its next offer starts over.
            }

            LabelReceivedTracks(offer);
            var answer = connection.CreateAnswer();
            await _client.RoomRequestAsync(new ClientFrame { SubscriberAnswer = new SubscriberAnswer { Sdp = answer, Revision = offer.Revision } }, CancellationToken.None).ConfigureAwait(false);
            foreach (var track in offer.Tracks)
            {
                var transceiver = connection.Transceivers.FirstOrDefault(t => t.Mid == track.Mid);
                if (transceiver is not null)
                {
                    _client.RaiseFor(RemoteTrackAdded, this, new RemoteTrackEventArgs(track.UserId, (MediaTrackSource)(int)track.Source, transceiver, connection));
                }
            }
        }
        catch (LiveException)
        {
            // The room ended or the session dropped meanwhile: nothing to answer.
        }
    }

    /// <summary>Closes the room's media connections (the room ended or was left).</summary>
    private void CloseMedia()
    {
        StopQuality();
        Interlocked.Exchange(ref _publisher, null)?.Close();
        Interlocked.Exchange(ref _subscriber, null)?.Dispose();
    }
}
