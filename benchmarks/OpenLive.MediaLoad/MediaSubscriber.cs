using OpenLive.Protocol.V1;
using OpenLive.Rtc.Client;

namespace OpenLive.MediaLoad;

/// <summary>
/// A room member that only watches: joins as Guest with <c>auto_request_camera</c>, answers each
/// <c>SubscriberOffer</c> with its <see cref="RtcClientConnection"/>, and counts what arrives (no decoding). When the
/// server replaced its end of the connection (it closes a transport that misses its connect or consent deadline and
/// offers a new one, an ICE restart), a new connection takes the offer, as a browser's would.
/// </summary>
internal sealed class MediaSubscriber : IMediaSubscriber
{
    private readonly RtcClientOptions _clientOptions;
    private RtcClientConnection _connection;
    private volatile bool _disposed;
    private int _reconnections;

    private MediaSubscriber(SignalingClient signaling, RtcClientOptions clientOptions, int sampleCapacity)
    {
        Signaling = signaling;
        _clientOptions = clientOptions;
        _connection = new RtcClientConnection(clientOptions);
        Receiver = new FrameReceiver(_connection, sampleCapacity);
        signaling.Pushed += OnPush;
    }

    public SignalingClient Signaling { get; }

    public FrameReceiver Receiver { get; }

    /// <summary>Answers refused by the server or offers we could not take (each printed to stderr).</summary>
    public int NegotiationFailures { get; private set; }

    /// <summary>Times the server restarted the connection (a new one answered its offer).</summary>
    public int Reconnections => Volatile.Read(ref _reconnections);

    /// <summary>Logs <paramref name="signaling"/>'s member into room <paramref name="roomId"/> as a camera-watching guest; its connections use <paramref name="clientOptions"/>.</summary>
    public static async Task<MediaSubscriber> JoinAsync(SignalingClient signaling, uint roomId, RtcClientOptions clientOptions, int sampleCapacity)
    {
        var subscriber = new MediaSubscriber(signaling, clientOptions, sampleCapacity);
        try
        {
            await signaling.RequestAsync(new ClientFrame
            {
                JoinRoom = new JoinRoom
                {
                    RoomId = new RoomId { Number = roomId },
                    Options = new RoomOptions { ControlRole = "Guest", AutoRequestCamera = true },
                },
            }).ConfigureAwait(false);
            return subscriber;
        }
        catch
        {
            await subscriber.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>On the signaling receive loop: the SFU's offer is answered at once; the answer is sent without waiting for its ack.</summary>
    private void OnPush(ServerFrame frame)
    {
        if (frame.BodyCase != ServerFrame.BodyOneofCase.SubscriberOffer || _disposed)
        {
            return;
        }

        var offer = frame.SubscriberOffer;
        if (!TryTakeOffer(offer.Sdp, out var error))
        {
            Fail($"offer {offer.Revision} refused: {error}");
            return;
        }

        var answer = _connection.CreateAnswer();
        _ = SendAnswerAsync(answer, offer.Revision);
    }

    /// <summary>The offer on the current connection, or on a new one when the current one is gone or cannot take it (an ICE restart).</summary>
    private bool TryTakeOffer(string sdp, out string? error)
    {
        error = null;
        var state = _connection.State;
        try
        {
            if (state is not (RtcConnectionState.Closed or RtcConnectionState.Failed) && _connection.TrySetRemoteOffer(sdp, out error))
            {
                return true;
            }
        }
        catch (ObjectDisposedException)
        {
            state = RtcConnectionState.Closed; // It failed just now.
        }

        if (state == RtcConnectionState.New)
        {
            return false; // Never connected: a new connection would refuse it as well.
        }

        _connection.Dispose();
        _connection = new RtcClientConnection(_clientOptions);
        Receiver.Attach(_connection);
        Interlocked.Increment(ref _reconnections);
        return _connection.TrySetRemoteOffer(sdp, out error);
    }

    private async Task SendAnswerAsync(string answer, uint revision)
    {
        try
        {
            await Signaling.RequestAsync(new ClientFrame { SubscriberAnswer = new SubscriberAnswer { Sdp = answer, Revision = revision } }).ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or System.Net.WebSockets.WebSocketException)
        {
            Fail(e.Message);
        }
    }

    private void Fail(string message)
    {
        NegotiationFailures++;
        Console.Error.WriteLine($"{Signaling.UserId}: {message}");
    }

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        await Signaling.DisposeAsync().ConfigureAwait(false);
        _connection.Dispose();
    }
}
