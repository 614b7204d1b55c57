using OpenLive.Rtc.Client;
using OpenLive.Rtc.Rtp;
using OpenLive.Rtc.Sdp;

namespace OpenLive.MediaLoad;

/// <summary>
/// Counts the video one connection receives and measures each frame's latency twice: to the moment its receive thread
/// handles the frame's last packet (the one with the marker, which carries the <see cref="MediaProbe"/>), and to the
/// moment the kernel queued that packet on the socket (<see cref="SocketArrivalClock"/>); both minus the probe's send
/// time, all on this machine's wall clock. Runs on the connection's receive thread and allocates nothing there.
/// </summary>
internal sealed class FrameReceiver
{
    private readonly long[] _latencyMicros;
    private readonly long[] _arrivalMicros;
    private readonly uint[] _frameNumbers;
    private volatile SocketArrivalClock? _arrivals;
    private long _packets;
    private long _bytes;
    private long _frames;
    private int _samples;
    private volatile bool _recording;

    public FrameReceiver(RtcClientConnection connection, int capacity)
    {
        _latencyMicros = new long[capacity];
        _arrivalMicros = new long[capacity];
        _frameNumbers = new uint[capacity];
        Attach(connection);
    }

    /// <summary>Counts what <paramref name="connection"/> receives from now on (the previous one must be closed: one receive thread at a time).</summary>
    public void Attach(RtcClientConnection connection)
    {
        _arrivals = SocketArrivalClock.TryCreate(connection);
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

    /// <summary>Latency to the kernel's arrival stamp, per sample (−1 where there was none).</summary>
    public ReadOnlySpan<long> ArrivalSamples => _arrivalMicros.AsSpan(0, Volatile.Read(ref _samples));

    /// <summary>The frame number of each of <see cref="Samples"/>, to line up the receivers' samples of one frame.</summary>
    public ReadOnlySpan<uint> SampleFrames => _frameNumbers.AsSpan(0, Volatile.Read(ref _samples));

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
        var arrival = _arrivals is not null && _arrivals.TryGetLastArrival(out var arrivedAt) ? unchecked((int)(arrivedAt - probe.SendTime)) : -1;
        Volatile.Write(ref _frames, _frames + 1);
        var slot = _samples;
        if (_recording && latency >= 0 && slot < _latencyMicros.Length)
        {
            _latencyMicros[slot] = latency;
            _arrivalMicros[slot] = arrival;
            _frameNumbers[slot] = probe.FrameNumber;
            Volatile.Write(ref _samples, slot + 1);
        }
    }
}
