using System.Diagnostics;
using OpenLive.Rtc.Client;
using OpenLive.Rtc.Sdp;

namespace OpenLive.MediaLoad;

/// <summary>
/// The room's host: one synthetic VP8 source whose every frame goes out on two connections, packet by packet — to the
/// SFU (published through the server's signaling, <see cref="IServerUnderTest.PublishAsync"/>) and straight to a local receiver over loopback (the baseline path). Which
/// connection gets each packet first alternates per frame, so neither path is favoured. Keyframe requests on
/// either connection make the next frame a keyframe.
/// </summary>
internal sealed class MediaPublisher : IAsyncDisposable
{
    private static readonly TimeSpan ConnectLimit = TimeSpan.FromSeconds(20);

    private readonly SyntheticVideoSource _source;
    private readonly RtcClientConnection _toSfu;
    private readonly RtcTransceiver _sfuVideo;
    private readonly RtcClientConnection _direct;
    private readonly RtcTransceiver _directVideo;
    private readonly RtcClientConnection _directReceiver;
    private readonly byte[] _packet = new byte[SyntheticVideoSource.MaxPacketPayload];
    private readonly Thread _pump;
    private volatile bool _stopping;
    private long _sentToSfu;
    private long _sentDirect;

    private MediaPublisher(MediaLoadSettings settings, RtcClientOptions clientOptions, RtcClientOptions directOptions)
    {
        _source = new SyntheticVideoSource(settings.FramesPerSecond, settings.Bitrate, 1280, 720);
        _toSfu = new RtcClientConnection(clientOptions);
        _sfuVideo = _toSfu.AddTransceiver(MediaKind.Video, MediaDirection.SendOnly);
        _direct = new RtcClientConnection(directOptions);
        _directVideo = _direct.AddTransceiver(MediaKind.Video, MediaDirection.SendOnly);
        _directReceiver = new RtcClientConnection(directOptions);
        DirectReceiver = new FrameReceiver(_directReceiver, settings.SampleCapacity);
        _toSfu.KeyframeRequested += OnKeyframeRequested;
        _direct.KeyframeRequested += OnKeyframeRequested;
        _pump = new Thread(Pump) { IsBackground = true, Name = "media-load publisher" };
    }

    /// <summary>The receiving end of the direct (no SFU) path.</summary>
    public FrameReceiver DirectReceiver { get; }

    /// <summary>Packets the SFU connection took (retransmissions excluded).</summary>
    public long SentToSfu => Volatile.Read(ref _sentToSfu);

    public long SentDirect => Volatile.Read(ref _sentDirect);

    public long Keyframes => _source.KeyframesProduced;

    public long Frames => _source.FrameNumber;

    /// <summary>
    /// Publishes the camera track to <paramref name="server"/> with <paramref name="clientOptions"/> (its transport
    /// too), connects the direct path with <paramref name="directOptions"/> (UDP), and starts sending; every
    /// connection binds to the same address, so both paths see the same network.
    /// </summary>
    public static async Task<MediaPublisher> StartAsync(IServerUnderTest server, MediaLoadSettings settings, RtcClientOptions clientOptions, RtcClientOptions directOptions)
    {
        var publisher = new MediaPublisher(settings, clientOptions, directOptions);
        try
        {
            var answer = await server.PublishAsync(publisher._toSfu.CreateOffer(), publisher._sfuVideo.Mid).ConfigureAwait(false);
            publisher._toSfu.SetRemoteAnswer(answer);

            publisher._directReceiver.SetRemoteOffer(publisher._direct.CreateOffer());
            publisher._direct.SetRemoteAnswer(publisher._directReceiver.CreateAnswer());
            await Task.WhenAll(publisher._toSfu.ConnectedAsync(), publisher._direct.ConnectedAsync(), publisher._directReceiver.ConnectedAsync())
                .WaitAsync(ConnectLimit).ConfigureAwait(false);
            publisher._pump.Start();
            return publisher;
        }
        catch
        {
            await publisher.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private void OnKeyframeRequested(object? sender, RtcKeyframeRequestedEventArgs e) => _source.RequestKeyframe();

    /// <summary>A frame every 1/fps on a steady schedule (late frames do not shift the ones after).</summary>
    private void Pump()
    {
        var period = Stopwatch.Frequency / _source.FramesPerSecond;
        var next = Stopwatch.GetTimestamp();
        while (!_stopping)
        {
            SendFrame();
            next += period;
            var now = Stopwatch.GetTimestamp();
            if (now - next > Stopwatch.Frequency)
            {
                next = now; // More than a second behind (the machine stalled): start the schedule again.
            }

            while (now < next && !_stopping)
            {
                Thread.Sleep(Math.Max(1, (int)((next - now) * 1000 / Stopwatch.Frequency)));
                now = Stopwatch.GetTimestamp();
            }
        }
    }

    private void SendFrame()
    {
        var count = _source.NextFrame();
        var sfuFirst = (_source.FrameNumber & 1) == 0;
        for (var i = 0; i < count; i++)
        {
            var length = _source.WritePacket(i, _packet, out var marker);
            var payload = _packet.AsSpan(0, length);
            if (sfuFirst)
            {
                SendToSfu(payload, marker);
                SendDirect(payload, marker);
            }
            else
            {
                SendDirect(payload, marker);
                SendToSfu(payload, marker);
            }
        }
    }

    private void SendToSfu(ReadOnlySpan<byte> payload, bool marker)
    {
        if (_toSfu.SendRtp(_sfuVideo, _sfuVideo.PayloadType, marker, _source.Timestamp, payload))
        {
            Volatile.Write(ref _sentToSfu, _sentToSfu + 1);
        }
    }

    private void SendDirect(ReadOnlySpan<byte> payload, bool marker)
    {
        if (_direct.SendRtp(_directVideo, _directVideo.PayloadType, marker, _source.Timestamp, payload))
        {
            Volatile.Write(ref _sentDirect, _sentDirect + 1);
        }
    }

    public ValueTask DisposeAsync()
    {
        _stopping = true;
        if (_pump.IsAlive)
        {
            _pump.Join();
        }

        _toSfu.Dispose();
        _direct.Dispose();
        _directReceiver.Dispose();
        return ValueTask.CompletedTask;
    }
}
