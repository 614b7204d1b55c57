using System.Buffers.Binary;
using System.Text;
using OpenLive.Egress.Media;

namespace OpenLive.Egress.Recording;

/// <summary>
/// The producer side of one recorded track: the SFU's tap events (called on its media thread) become tagged records in
/// a <see cref="PacketRing"/> (<see cref="TapRecordKind"/>), which the recording's worker drains. Never blocks, never
/// allocates: a full ring drops RTP (counted; the depacketizer treats it as a loss and asks for a keyframe) but keeps
/// <see cref="ControlReserve"/> slots for the track's attach and end, and the tap's end is also kept in a flag, so the
/// recording always learns that its track changed or ended.
/// </summary>
public sealed class RecordingTrackFeed
{
    /// <summary>Slots only control records (attach, detach, close) may fill.</summary>
    public const int ControlReserve = 4;

    /// <summary>The codec byte of a codec egress cannot record.</summary>
    internal const byte UnknownCodec = 255;

    /// <summary>Bytes before an RTP packet in its record: the kind and the arrival time.</summary>
    internal const int RtpRecordHeader = 1 + sizeof(long);

    private readonly PacketRing _ring;
    private readonly int _slotBytes;
    private readonly TimeProvider _time;
    private volatile bool _closed;
    private long _lostControl;

    /// <summary>
    /// A feed whose ring holds <paramref name="capacity"/> records of up to <paramref name="maxPacketBytes"/> RTP bytes;
    /// each packet's arrival is read from <paramref name="time"/> (a track without sender reports is placed by it).
    /// </summary>
    public RecordingTrackFeed(int capacity, int maxPacketBytes, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        _slotBytes = maxPacketBytes + RtpRecordHeader;
        _ring = new PacketRing(capacity, _slotBytes);
        _time = time;
    }

    /// <summary>The ring the worker drains.</summary>
    internal PacketRing Ring => _ring;

    /// <summary>Whether the tap has ended (also said by the ring's last record).</summary>
    internal bool IsClosed => _closed;

    /// <summary>Control records that did not fit even into the reserve (attach/detach storms while the worker stalled).</summary>
    public long LostControlRecords => Interlocked.Read(ref _lostControl);

    /// <summary>RTP packets dropped because the ring was full (the worker fell behind) or a packet was larger than a slot.</summary>
    public long DroppedPackets => _ring.DroppedFull + _ring.DroppedOversized;

    /// <summary>A track now feeds the tap (the SDP codec name, e.g. "VP8", "H264", "opus").</summary>
    public void OnTrackAttached(string codecName, int clockRate, int channels, string? formatParameters)
    {
        Span<byte> head = stackalloc byte[7];
        head[0] = (byte)TapRecordKind.Attached;
        head[1] = TryParseCodec(codecName, out var codec) ? (byte)codec : UnknownCodec;
        BinaryPrimitives.WriteInt32BigEndian(head[2..], clockRate);
        head[6] = (byte)Math.Clamp(channels, 0, 255);
        Span<byte> fmtp = stackalloc byte[256];
        var fmtpLength = 0;
        if (formatParameters is { Length: > 0 and <= 256 })
        {
            // Longer fmtp lines are not needed by the writers (they read parameter sets in-band): keep the common ones.
            _ = Encoding.UTF8.TryGetBytes(formatParameters, fmtp, out fmtpLength);
        }

        // The attach must fit one slot whatever the fmtp: a small slot keeps less of it.
        WriteControl(head, fmtp[..Math.Clamp(Math.Min(fmtpLength, _slotBytes - head.Length), 0, fmtpLength)]);
    }

    /// <summary>One RTP packet (copied into the ring, with its arrival time: the worker may handle it much later).</summary>
    public void OnRtp(ReadOnlySpan<byte> packet)
    {
        Span<byte> head = stackalloc byte[RtpRecordHeader];
        head[0] = (byte)TapRecordKind.Rtp;
        BinaryPrimitives.WriteInt64BigEndian(head[1..], _time.GetUtcNow().UtcTicks);
        _ = _ring.TryWrite(head, packet, ControlReserve);
    }

    /// <summary>A sender report of the track: its RTP timestamp at the NTP time (RFC 3550 §6.4.1).</summary>
    public void OnSenderReport(ulong ntpTimestamp, uint rtpTimestamp)
    {
        Span<byte> record = stackalloc byte[13];
        record[0] = (byte)TapRecordKind.SenderReport;
        BinaryPrimitives.WriteUInt64BigEndian(record[1..], ntpTimestamp);
        BinaryPrimitives.WriteUInt32BigEndian(record[9..], rtpTimestamp);
        _ = _ring.TryWrite(record, default, ControlReserve);
    }

    /// <summary>The attached track ended.</summary>
    public void OnTrackDetached()
    {
        ReadOnlySpan<byte> record = [(byte)TapRecordKind.Detached];
        WriteControl(record, default);
    }

    /// <summary>The tap ended: nothing follows.</summary>
    public void OnClosed()
    {
        ReadOnlySpan<byte> record = [(byte)TapRecordKind.Closed];
        WriteControl(record, default);
        _closed = true;
    }

    /// <summary>The SDP codec name as an <see cref="EgressCodec"/>; false for a codec egress does not record.</summary>
    public static bool TryParseCodec(string? codecName, out EgressCodec codec)
    {
        codec = default;
        if (codecName is null)
        {
            return false;
        }

        if (codecName.Equals("VP8", StringComparison.OrdinalIgnoreCase))
        {
            codec = EgressCodec.Vp8;
        }
        else if (codecName.Equals("VP9", StringComparison.OrdinalIgnoreCase))
        {
            codec = EgressCodec.Vp9;
        }
        else if (codecName.Equals("AV1", StringComparison.OrdinalIgnoreCase) || codecName.Equals("AV1X", StringComparison.OrdinalIgnoreCase))
        {
            codec = EgressCodec.Av1;
        }
        else if (codecName.Equals("H264", StringComparison.OrdinalIgnoreCase))
        {
            codec = EgressCodec.H264;
        }
        else if (codecName.Equals("opus", StringComparison.OrdinalIgnoreCase))
        {
            codec = EgressCodec.Opus;
        }
        else
        {
            return false;
        }

        return true;
    }

    private void WriteControl(ReadOnlySpan<byte> head, ReadOnlySpan<byte> body)
    {
        if (!_ring.TryWrite(head, body))
        {
            Interlocked.Increment(ref _lostControl);
        }
    }
}
