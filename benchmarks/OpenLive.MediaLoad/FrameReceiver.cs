using OpenLive.Rtc.Client;
using OpenLive.Rtc.Rtp;
using OpenLive.Rtc.Sdp;

namespace OpenLive.MediaLoad;

/// <summary>
/// Counts the video one connection receives and measures each frame's latency: the receive time of the frame's last
/// packet (the one with the marker, which carries the <see cref="MediaProbe"/>) minus the probe's send time, both
/// from this machine's wall clock. Runs on the connection's receive thread and allocates nothing there.
/// </summary>
internal sealed class FrameReceiver
{
    private readonly long[] _latencyMicros;
    private long _packets;
    private long _bytes;
    private long _frames;
    private int _samples;
    private volatile bool _recording;

    public FrameReceiver(RtcClientConnection connection, int capacity)
    {
        _latencyMicros = new long[capacity];
        connection.RtpReceived += OnRtp;
    }

    /// <summary>Video packets received (retransmissions recovered from RTX included).</summary>
    public long Packets => Volatile.Read(ref _packets);

    /// <summary>Their payload bytes.</summary>
    public long Bytes => Volatile.Read(ref _bytes);

    /// <summary>Frames whose last packet (and probe) arrived.</summary>
    public long Frames => Volatile.Read(ref _frames);

    /// <summary>Latencies recorded since <see cref="StartRecording"/>, in microseconds; read after <see cref="StopRecording"/>.</summary>
    public ReadOnlySpan<long> Samples => _latencyMicros.AsSpan(0, Volatile.Read(ref _samples));

    public void StartRecording()
    {
        Volatile.Write(ref _samples, 0);
        _recording = true;
    }

    public void StopRecording() => _recording = false;

    private void OnRtp(RtcTransceiver transceiver, in RtpHeader header, ReadOnlySpan<byte> packet)
    {
        if (transceiver.Kind != MediaKind.Video)
        {
            return;
        }

        var payload = header.GetPayload(packet);
        Volatile.Write(ref _packets, _packets + 1);
        Volatile.Write(ref _bytes, _bytes + payload.Length);
        if (!header.Marker || !MediaProbe.TryReadAtEnd(payload, out var probe))
        {
            return;
        }

        var latency = unchecked((int)(MediaProbe.Now(TimeProvider.System) - probe.SendTime));
        Volatile.Write(ref _frames, _frames + 1);
        var slot = _samples;
        if (_recording && latency >= 0 && slot < _latencyMicros.Length)
        {
            _latencyMicros[slot] = latency;
            Volatile.Write(ref _samples, slot + 1);
        }
    }
}
